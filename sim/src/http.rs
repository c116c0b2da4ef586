//! Just enough HTTP/1.1 to be a faithful server and a deliberately unfaithful one on demand:
//! Content-Length bodies, keep-alive, and limits that turn abuse into an error reply, not a crash.

use serde_json::{json, Value};
use std::io::{self, BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;

pub const MAX_HEAD_BYTES: u64 = 64 * 1024;
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;

#[derive(Clone)]
pub struct Request {
    pub method: String,
    /// The raw path, still percent-encoded: ids are decoded per segment by the router, so an
    /// encoded "/" inside an id cannot split it.
    pub path: String,
    /// The raw query string after `?`, still percent-encoded; "" when there is none.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub keep_alive: bool,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub enum Body {
    Bytes(Vec<u8>),
    /// A body too large to hold in memory: a plausible JSON start, then padding, streamed.
    Oversized(u64),
}

pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Response {
    pub fn json(status: u16, value: &Value) -> Response {
        Response::raw(status, "application/json", value.to_string().into_bytes())
    }

    pub fn raw(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body: Body::Bytes(body),
        }
    }

    pub fn error(status: u16, code: &str, message: &str) -> Response {
        Response::json(status, &json!({"code": code, "message": message}))
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn body_len(&self) -> u64 {
        match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::Oversized(n) => *n,
        }
    }

    pub fn head(&self, keep_alive: bool) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: {}\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body_len(),
            if keep_alive { "keep-alive" } else { "close" }
        );
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

pub enum ReadError {
    /// The peer went away or idled out between requests: nothing to answer.
    Closed,
    /// The bytes were not an acceptable request: answer this, then close.
    Reject(Response),
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> ReadError {
        ReadError::Closed
    }
}

pub fn read_request(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
) -> Result<Request, ReadError> {
    let mut budget = MAX_HEAD_BYTES;
    let mut line = read_line(reader, &mut budget)?;
    // RFC 9112 asks servers to ignore stray empty lines before a request line.
    while line.is_empty() {
        line = read_line(reader, &mut budget)?;
    }
    let mut parts = line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) if !m.is_empty() && t.starts_with('/') => (m, t, v),
        _ => return Err(bad_request("the request line is not valid HTTP/1.1")),
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(bad_request("only HTTP/1.0 and HTTP/1.1 are supported")),
    };
    let method = method.to_string();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let (path, query) = (path.to_string(), query.to_string());

    let mut headers = Vec::new();
    loop {
        let line = read_line(reader, &mut budget)?;
        if line.is_empty() {
            break;
        }
        match line.split_once(':') {
            Some((k, v)) if !k.is_empty() && !k.contains(' ') => {
                headers.push((k.to_string(), v.trim().to_string()))
            }
            _ => return Err(bad_request("a header line is malformed")),
        }
    }
    let mut request = Request {
        method,
        path,
        query,
        headers,
        body: Vec::new(),
        keep_alive: !http10,
    };
    if let Some(conn) = request.header("connection") {
        let conn = conn.to_ascii_lowercase();
        if conn.split(',').any(|t| t.trim() == "close") {
            request.keep_alive = false;
        } else if conn.split(',').any(|t| t.trim() == "keep-alive") {
            request.keep_alive = true;
        }
    }
    if request.header("transfer-encoding").is_some() {
        return Err(ReadError::Reject(Response::error(
            411,
            "LENGTH_REQUIRED",
            "chunked request bodies are not supported; send Content-Length",
        )));
    }
    let length = match request.header("content-length") {
        None => 0,
        Some(v) => match v.parse::<u64>() {
            Ok(n) => n,
            Err(_) => return Err(bad_request("Content-Length is not a number")),
        },
    };
    if length > MAX_BODY_BYTES {
        return Err(ReadError::Reject(Response::error(
            413,
            "PAYLOAD_TOO_LARGE",
            "request bodies are limited to 1 MiB",
        )));
    }
    if length > 0 {
        if request
            .header("expect")
            .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
        {
            writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let mut body = vec![0; length as usize];
        reader.read_exact(&mut body)?;
        request.body = body;
    }
    Ok(request)
}

fn read_line(reader: &mut BufReader<TcpStream>, budget: &mut u64) -> Result<String, ReadError> {
    if *budget == 0 {
        return Err(head_too_large());
    }
    let mut buf = Vec::new();
    let n = match reader.by_ref().take(*budget).read_until(b'\n', &mut buf) {
        Ok(n) => n,
        Err(e) if e.kind() == ErrorKind::Interrupted => 0,
        Err(_) => return Err(ReadError::Closed),
    };
    if n == 0 {
        return Err(ReadError::Closed);
    }
    *budget -= n as u64;
    if buf.last() != Some(&b'\n') {
        if *budget == 0 {
            return Err(head_too_large());
        }
        return Err(ReadError::Closed);
    }
    buf.pop();
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    String::from_utf8(buf).map_err(|_| bad_request("the request head is not valid UTF-8"))
}

fn head_too_large() -> ReadError {
    ReadError::Reject(Response::error(
        431,
        "HEADERS_TOO_LARGE",
        "request headers are limited to 64 KiB",
    ))
}

fn bad_request(message: &str) -> ReadError {
    ReadError::Reject(Response::error(400, "BAD_REQUEST", message))
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
