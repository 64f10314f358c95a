"""What the customers area keeps about a customer organization (CUST-1, CUST-2): nothing of its
own any more.

The customer itself is a `tenancy.Organization` of kind "customer" under its reseller; its contact
details are the team area's `CompanyDetails`; active / inactive is `Organization.is_active`. The
monthly run rate and the "transacting" flag the grid sorts and sums are the orders area's
`CustomerRunRate`, maintained from subscriptions by the orders services (SHOP-5): this area used
to store a run rate of its own (`CustomerAccount`), which nothing kept in step with the
subscriptions.
"""
