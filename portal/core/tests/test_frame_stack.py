"""A request runs with room on CPython's frame stack (portal/core/frame_stack.py): calls that go
up and down across the end of a 16 KiB chunk no longer map and unmap a chunk each time."""

import resource

from portal.core.frame_stack import with_room_on_the_frame_stack


def _down(depth: int) -> int:
    return 0 if depth == 0 else _down(depth - 1) + 1


def _swinging(environ, start_response):
    """Deeper and shallower calls, as a page renders: 0 to 400 frames, across chunk ends."""
    for depth in range(0, 400, 7):
        for _ in range(100):
            _down(depth)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"swung"]


def _page_faults_of(call) -> tuple[int, object]:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    result = call()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before, result


def _start_response(status, headers, exc_info=None):
    return None


def test_the_frames_of_a_request_need_no_new_memory_from_the_system():
    # each chunk mapped anew is a fresh page touched: a page fault
    plain, body = _page_faults_of(lambda: _swinging({}, _start_response))
    roomy_app = with_room_on_the_frame_stack(_swinging)
    roomy, roomy_body = _page_faults_of(lambda: roomy_app({}, _start_response))
    assert roomy_body == body == [b"swung"]
    assert plain > 1000, plain  # the swings map and unmap chunks: the measure can fail
    assert roomy < 100, roomy


def test_the_wsgi_application_is_the_roomy_one():
    from config.wsgi import application

    assert application.__name__ == "roomy_application"
