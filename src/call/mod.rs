//! One call, from its arguments to its answer: the options a caller may add, the headers it
//! sends, when it is tried again, and custom requests, which run the same way.

pub(crate) mod custom;
pub(crate) mod headers;
pub(crate) mod nonblocking;
pub(crate) mod options;
pub(crate) mod retry;
