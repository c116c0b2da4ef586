//! TCP connections whose every wait ends when its exchange's probe says stop (see
//! [`exchange`](super::exchange)): the connect (non-blocking, polled in slices), each write
//! (a server that takes no more bytes) and each read. A TLS handshake is reads and writes of
//! this connection, so it is cut short alike.
//!
//! ureq's own TCP transport connects with one blocking `connect` and writes with `write_all`
//! under one timeout: neither can stop before that timeout, and a write cut into slices would
//! lose what it had written.

use super::exchange::{deadline_of, failed, Interrupted, Slices};
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, ShutdownHandle,
    Transport,
};

/// Opens TCP connections (unless a connection was made earlier in the chain).
#[derive(Debug)]
pub(crate) struct Tcp;

impl<In: Transport> Connector<In> for Tcp {
    type Out = Either<In, TcpConnection>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        if let Some(chained) = chained {
            return Ok(Some(Either::A(chained)));
        }
        let deadline = deadline_of(&details.timeout);
        let stream =
            connect_any(&details.addrs, deadline).map_err(|e| failed(e, details.timeout.reason))?;
        if details.config.no_delay() {
            stream.set_nodelay(true)?;
        }
        let stream = Arc::new(stream);
        // The agent's shutdown (a wait's own agent, when the wait ends) cuts its I/O short.
        (details.register_shutdown)(Arc::downgrade(&stream) as Weak<dyn ShutdownHandle>)?;
        let config = details.config;
        Ok(Some(Either::B(TcpConnection {
            stream,
            buffers: LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size()),
            read_timeout: None,
            write_timeout: None,
        })))
    }
}

/// Tries each address in turn; each but the last gets half the time left, so that one that
/// does not answer leaves time for the others.
fn connect_any(addrs: &[SocketAddr], deadline: Option<Instant>) -> io::Result<TcpStream> {
    let mut last = None;
    for (i, addr) in addrs.iter().enumerate() {
        let share = match deadline {
            Some(d) if i + 1 < addrs.len() => {
                Some(Instant::now() + d.saturating_duration_since(Instant::now()) / 2)
            }
            other => other,
        };
        match connect_one(addr, share) {
            Ok(stream) => return Ok(stream),
            Err(e) if Interrupted::is_io(&e) => return Err(e),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no address to connect to")))
}

/// A connect started without blocking and waited for in slices.
#[cfg(unix)]
fn connect_one(addr: &SocketAddr, deadline: Option<Instant>) -> io::Result<TcpStream> {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    let family = match addr {
        SocketAddr::V4(_) => libc::AF_INET,
        SocketAddr::V6(_) => libc::AF_INET6,
    };
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let kind = libc::SOCK_STREAM | libc::SOCK_CLOEXEC;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let kind = libc::SOCK_STREAM;
    // SAFETY: plain system calls on a descriptor this function owns.
    let fd = unsafe { libc::socket(family, kind, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened and is owned by nobody else.
    let stream = TcpStream::from(unsafe { OwnedFd::from_raw_fd(fd) });
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    // SAFETY: as above.
    unsafe {
        if libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    #[cfg(target_vendor = "apple")]
    {
        // What std does for its own sockets: a write to a closed connection is an error, not
        // a SIGPIPE that ends the program.
        let on: libc::c_int = 1;
        // SAFETY: as above; `on` outlives the call.
        let set = unsafe {
            libc::setsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_NOSIGPIPE,
                (&on as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        if set < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    stream.set_nonblocking(true)?;
    let (address, length) = socket_address(addr);
    // SAFETY: `address` holds a socket address of `length` bytes.
    let started = unsafe {
        libc::connect(
            fd,
            (&address as *const libc::sockaddr_storage).cast(),
            length,
        )
    };
    if started != 0 {
        let e = io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EINPROGRESS) {
            return Err(e);
        }
        let mut slices = Slices::until(deadline);
        loop {
            let slice = slices.next()?;
            let ms = slice.map_or(-1, |s| {
                s.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32
            });
            let mut poll = libc::pollfd {
                fd: stream.as_raw_fd(),
                events: libc::POLLOUT,
                revents: 0,
            };
            // SAFETY: one valid pollfd.
            let ready = unsafe { libc::poll(&mut poll, 1, ms) };
            if ready > 0 {
                break;
            }
            if ready < 0 {
                let e = io::Error::last_os_error();
                if e.kind() != io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
        if let Some(e) = stream.take_error()? {
            return Err(e);
        }
    }
    stream.set_nonblocking(false)?;
    Ok(stream)
}

/// `addr` as the system's socket address, and its length.
#[cfg(unix)]
fn socket_address(addr: &SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: all-zero bytes are a valid sockaddr_storage (and an empty address of any family).
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let length = match addr {
        SocketAddr::V4(a) => {
            // SAFETY: sockaddr_storage is large and aligned enough for any socket address.
            let sin = unsafe {
                &mut *(&mut storage as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>()
            };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = a.port().to_be();
            sin.sin_addr = libc::in_addr {
                s_addr: u32::from_ne_bytes(a.ip().octets()),
            };
            std::mem::size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            // SAFETY: as above.
            let sin6 = unsafe {
                &mut *(&mut storage as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_flowinfo = a.flowinfo();
            sin6.sin6_addr = libc::in6_addr {
                s6_addr: a.ip().octets(),
            };
            sin6.sin6_scope_id = a.scope_id();
            std::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    #[cfg(any(
        target_vendor = "apple",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    ))]
    {
        storage.ss_len = length as u8;
    }
    (storage, length as libc::socklen_t)
}

/// Elsewhere, a blocking connect within the time left (not cut short by the probe).
#[cfg(not(unix))]
fn connect_one(addr: &SocketAddr, deadline: Option<Instant>) -> io::Result<TcpStream> {
    match deadline {
        Some(d) => {
            let left = d.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::ErrorKind::TimedOut.into());
            }
            TcpStream::connect_timeout(addr, left)
        }
        None => TcpStream::connect(addr),
    }
}

/// A TCP connection whose reads and writes wait in slices.
pub(crate) struct TcpConnection {
    /// Shared with the agent's shutdown handle.
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    /// The socket's timeouts as last set, so that an unchanged one costs no system call.
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
}

impl std::fmt::Debug for TcpConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TcpConnection")
            .field("peer", &self.stream.peer_addr().ok())
            .finish_non_exhaustive()
    }
}

/// Sets a socket timeout when it differs from the one set last.
fn set_timeout(
    last: &mut Option<Duration>,
    wanted: Option<Duration>,
    set: impl FnOnce(Option<Duration>) -> io::Result<()>,
) -> io::Result<()> {
    if *last != wanted {
        set(wanted)?;
        *last = wanted;
    }
    Ok(())
}

/// Whether `e` only says that a slice of a wait ran out.
fn slice_ended(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
    ) && !Interrupted::is_io(e)
}

impl Transport for TcpConnection {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let timeout = timeout.for_write();
        let mut written = 0;
        let mut slices = Slices::of_write(&timeout);
        while written < amount {
            let slice = slices.next().map_err(|e| failed(e, timeout.reason))?;
            let stream = &*self.stream;
            set_timeout(&mut self.write_timeout, slice, |t| {
                stream.set_write_timeout(t)
            })?;
            match (&*self.stream).write(&self.buffers.output()[written..amount]) {
                Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero).into()),
                Ok(n) => written += n,
                Err(e) if slice_ended(&e) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let timeout = timeout.for_read();
        let mut slices = Slices::within(&timeout);
        loop {
            let slice = slices.next().map_err(|e| failed(e, timeout.reason))?;
            let stream = &*self.stream;
            set_timeout(&mut self.read_timeout, slice, |t| {
                stream.set_read_timeout(t)
            })?;
            match (&*self.stream).read(self.buffers.input_append_buf()) {
                Ok(amount) => {
                    self.buffers.input_appended(amount);
                    return Ok(amount > 0);
                }
                Err(e) if slice_ended(&e) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn is_open(&mut self) -> bool {
        // Open means: no bytes waiting (the server sent nothing unasked) and not closed.
        let mut stream = &*self.stream;
        if stream.set_nonblocking(true).is_err() {
            return false;
        }
        let open = matches!(stream.read(&mut [0]), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
        open && stream.set_nonblocking(false).is_ok()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    use super::tests_support::full as full_backlog;

    #[test]
    fn a_connect_that_hangs_ends_when_the_probe_says_stop() {
        let Some((listener, _held)) = full_backlog() else {
            eprintln!("skipped: could not fill a listener's backlog here");
            return;
        };
        let started = Instant::now();
        let stop_at = started + Duration::from_millis(150);
        let (result, _) =
            crate::net::exchange::run(Some(&move || Instant::now() >= stop_at), None, || {
                connect_one(&listener.addr, Some(started + Duration::from_secs(10)))
            });
        let took = started.elapsed();
        assert!(Interrupted::is_io(&result.unwrap_err()));
        assert!(took < Duration::from_millis(150 + 100), "{took:?}");
    }

    #[test]
    fn a_connect_that_hangs_ends_at_its_deadline() {
        let Some((listener, _held)) = full_backlog() else {
            eprintln!("skipped: could not fill a listener's backlog here");
            return;
        };
        let started = Instant::now();
        let e =
            connect_one(&listener.addr, Some(started + Duration::from_millis(200))).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() < Duration::from_millis(300));
    }

    #[test]
    fn a_connect_reaches_a_listener() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let mut stream = connect_one(&addr, Some(Instant::now() + Duration::from_secs(5))).unwrap();
        let (mut peer, _) = listener.accept().unwrap();
        stream.write_all(b"ping").unwrap();
        let mut got = [0; 4];
        peer.read_exact(&mut got).unwrap();
        assert_eq!(&got, b"ping");
    }
}

/// A loopback listener whose backlog is full, for tests of connects that hang.
#[cfg(all(test, unix))]
pub(crate) mod tests_support {
    use std::net::{SocketAddr, TcpStream};
    use std::time::Duration;

    pub struct Listener {
        pub addr: SocketAddr,
        _socket: std::net::TcpListener,
    }

    /// Listens with a backlog of one and never accepts; connects until one hangs. The
    /// connections made are returned, to be kept open while the listener is used.
    pub fn full() -> Option<(Listener, Vec<TcpStream>)> {
        use std::os::fd::AsRawFd;
        let socket = std::net::TcpListener::bind("127.0.0.1:0").ok()?;
        // SAFETY: lowers the backlog of a listening socket this function owns.
        unsafe { libc::listen(socket.as_raw_fd(), 0) };
        let addr = socket.local_addr().ok()?;
        let mut held = Vec::new();
        for _ in 0..64 {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(100)) {
                Ok(s) => held.push(s),
                Err(_) => {
                    return Some((
                        Listener {
                            addr,
                            _socket: socket,
                        },
                        held,
                    ))
                }
            }
        }
        None
    }
}
