"""Generic classes without importing ``typing`` at run time (it costs more than this package's
own import): type checkers see ``typing.Generic`` and its type variables; at run time ``Generic``
is a base whose subscript is itself, and the type variables are placeholders."""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generic, TypeVar

    #: A call's result (``APIResponse[R]``).
    R = TypeVar("R")
    #: A resource's ``with_raw_response`` view.
    RawView = TypeVar("RawView")
    #: A resource's ``with_streaming_response`` view.
    StreamingView = TypeVar("StreamingView")
else:

    class Generic:
        __slots__ = ()

        def __class_getitem__(cls, params):
            return cls

    R = RawView = StreamingView = None

__all__ = ["Generic", "R", "RawView", "StreamingView"]
