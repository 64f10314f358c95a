"""Room on CPython's frame stack for a whole request (issue 9).

CPython (3.11 and later) keeps the frames of Python calls in "data stack chunks" of 16 KiB. A
call whose frame does not fit in the current chunk gets a new chunk from the operating system
(mmap), and the chunk is given back (munmap) as soon as that call returns. Rendering a page goes
up and down hundreds of frames deep (template nodes, tables, the ORM); where its depth swings
across the end of a chunk, every swing maps a chunk and unmaps it again. Under gunicorn, the
depth its worker calls the application at puts a chunk's end right there: one orders page made
1,500 mmap/munmap pairs and as many page faults, 16.5 ms where the same page took 8.3 ms without
them (measured with strace and /proc/<pid>/stat; CPython 3.11, 3.12 and 3.13 alike).

A frame that needs more than a chunk gets a chunk of the next power of two, so a call whose frame
asks for a little more than half a MiB gets 1 MiB and leaves the other half to the calls it makes:
thousands of frames, the view and its template, in one chunk mapped once per request. (The server
reads the response and closes it after the wrapper returns: shallow calls.) The frame asks for
that room through its code object's stack size (`co_stacksize`, set with the public
`CodeType.replace`); CPython reserves it on its frame stack and the call never uses it. Only where
Python makes an object of this frame (a traceback through the wrapper, a walk of the whole stack
with `sys._getframe` or `inspect.stack`) does that object take half a MiB while it lives. On
another Python, the wrapper is a plain call.
"""

from collections.abc import Callable

# 66,000 words of 8 bytes: more than half of 1 MiB with the frame's own header and CPython's
# margin, so the chunk is 1 MiB (the next power of two above 16 KiB that holds it)
ROOM_WORDS = 66_000


def _call_with_room(call, *args):
    return call(*args)


_call_with_room.__code__ = _call_with_room.__code__.replace(co_stacksize=ROOM_WORDS)


def with_room_on_the_frame_stack(application: Callable) -> Callable:
    """A WSGI application that runs `application` with room for all its frames in one chunk."""

    def roomy_application(environ, start_response):
        return _call_with_room(application, environ, start_response)

    return roomy_application
