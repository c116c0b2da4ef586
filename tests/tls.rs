//! HTTPS against a local server whose certificates come from test CAs made at test time: a
//! certificate trusted through `caCertificatesPem` (or `SSL_CERT_FILE`) works for every
//! operation; an untrusted, expired or wrong-name one fails as a `connection` error that says
//! which.
#![cfg(feature = "tls")]

use beeper_setup::{Client, ErrorKind, FieldType, Operation};
use beeper_setup_sim::{Sim, SimOptions};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose, SanType};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::{json, Map, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A certificate authority made for one test.
struct Ca {
    cert: rcgen::Certificate,
    key: KeyPair,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let cert = params.self_signed(&key).unwrap();
        Ca { cert, key }
    }

    fn pem(&self) -> String {
        self.cert.pem()
    }

    /// A server certificate for `names` (IP addresses or DNS names), valid from `from` to `to`.
    fn issue(&self, names: &[&str], from: (i32, u8, u8), to: (i32, u8, u8)) -> ServerCert {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.subject_alt_names = alt_names(names);
        params.distinguished_name.push(DnType::CommonName, names[0]);
        params.not_before = rcgen::date_time_ymd(from.0, from.1, from.2);
        params.not_after = rcgen::date_time_ymd(to.0, to.1, to.2);
        let cert = params.signed_by(&key, &self.cert, &self.key).unwrap();
        ServerCert {
            chain: vec![cert.der().clone()],
            key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        }
    }

    /// A certificate for 127.0.0.1 and localhost, valid now.
    fn issue_for_localhost(&self) -> ServerCert {
        self.issue(&["127.0.0.1", "localhost"], (2020, 1, 1), (2100, 1, 1))
    }
}

/// Subject alternative names: IP addresses or DNS names.
fn alt_names(names: &[&str]) -> Vec<SanType> {
    names
        .iter()
        .map(|n| match n.parse() {
            Ok(ip) => SanType::IpAddress(ip),
            Err(_) => SanType::DnsName((*n).try_into().unwrap()),
        })
        .collect()
}

struct ServerCert {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

/// The simulator in mock mode (every operation answers a schema-valid example) behind a TLS
/// front that serves `cert` and passes each request through.
struct HttpsSim {
    port: u16,
    connections: Arc<AtomicUsize>,
    handshakes: Arc<AtomicUsize>,
    _sim: Option<Sim>,
}

impl HttpsSim {
    fn start(cert: ServerCert) -> HttpsSim {
        let sim = Sim::start(SimOptions {
            mock: true,
            ..SimOptions::default()
        })
        .unwrap();
        let backend = sim.base_url().trim_start_matches("http://").to_owned();
        HttpsSim::in_front_of(cert, backend, Some(sim))
    }

    /// The TLS front for the plain HTTP server at `backend` (`host:port`).
    fn in_front_of(cert: ServerCert, backend: String, sim: Option<Sim>) -> HttpsSim {
        let config = Arc::new(
            rustls::ServerConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(cert.chain, cert.key)
            .unwrap(),
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let handshakes = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let (counter, accepted) = (handshakes.clone(), connections.clone());
        std::thread::spawn(move || {
            for tcp in listener.incoming() {
                let Ok(tcp) = tcp else { return };
                accepted.fetch_add(1, Ordering::SeqCst);
                let (config, backend, counter) = (config.clone(), backend.clone(), counter.clone());
                std::thread::spawn(move || {
                    let conn = rustls::ServerConnection::new(config).unwrap();
                    let mut tls = rustls::StreamOwned::new(conn, tcp);
                    if tls.conn.complete_io(&mut tls.sock).is_err() {
                        return; // The client refused the certificate.
                    }
                    counter.fetch_add(1, Ordering::SeqCst);
                    let _ = pass_through(tls, &backend);
                });
            }
        });
        HttpsSim {
            port,
            connections,
            handshakes,
            _sim: sim,
        }
    }

    fn url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    fn client(&self, extra: Value) -> beeper_setup::Result<Client> {
        let mut config = json!({"baseURL": self.url(), "maxRetries": 0, "accessToken": "tok"});
        for (k, v) in extra.as_object().cloned().unwrap_or_default() {
            config[k] = v;
        }
        Client::from_json(&config.to_string())
    }
}

/// Reads one HTTP/1.1 message (head and Content-Length body) from `from`.
fn read_message(from: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut message = Vec::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        if from.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        message.extend_from_slice(line.as_bytes());
        if line == "\r\n" {
            break;
        }
    }
    let start = message.len();
    message.resize(start + length, 0);
    from.read_exact(&mut message[start..])?;
    Ok(Some(message))
}

/// Serves requests from the TLS client, each through a new connection to the simulator.
fn pass_through(
    tls: rustls::StreamOwned<rustls::ServerConnection, TcpStream>,
    backend: &str,
) -> std::io::Result<()> {
    let mut tls = BufReader::new(tls);
    while let Some(request) = read_message(&mut tls)? {
        let mut sim = TcpStream::connect(backend)?;
        sim.write_all(&request)?;
        let answer = read_message(&mut BufReader::new(sim))?.unwrap_or_default();
        tls.get_mut().write_all(&answer)?;
        tls.get_mut().flush()?;
    }
    Ok(())
}

/// Params for `op` made from its table row: every required field, with a value of its type.
fn params(op: Operation) -> Option<String> {
    let fields = op.spec().body?;
    let mut body = Map::new();
    for field in fields.iter().filter(|f| f.required) {
        let value = match field.ty {
            FieldType::True => json!(true),
            // The API checks the one address it takes.
            _ if field.name == "email" => json!("person@example.com"),
            FieldType::String | FieldType::NonEmptyString => json!("x"),
        };
        body.insert(field.name.to_owned(), value);
    }
    Some(Value::Object(body).to_string())
}

fn id(op: Operation) -> Option<&'static str> {
    op.spec().takes_id().then_some("v1")
}

#[test]
fn a_certificate_trusted_through_ca_certificates_pem_works_for_every_operation() {
    let ca = Ca::new("beeper-setup test CA (trusted by config)");
    let server = HttpsSim::start(ca.issue_for_localhost());
    // Another certificate first: one or more PEM blocks are accepted.
    let pem = format!("{}{}", Ca::new("unrelated CA").pem(), ca.pem());
    let client = server.client(json!({"caCertificatesPem": pem})).unwrap();
    for op in Operation::ALL {
        let answer = client.call(op, id(op), params(op).as_deref());
        assert!(answer.is_ok(), "{}: {answer:?}", op.spec().name);
    }
    assert_eq!(
        server.handshakes.load(Ordering::SeqCst),
        1,
        "one handshake, then the kept-alive connection"
    );
}

#[test]
fn an_untrusted_certificate_is_a_connection_error_that_says_so() {
    let server = HttpsSim::start(Ca::new("nobody trusts this CA").issue_for_localhost());
    let trusted_elsewhere = Ca::new("the CA the client trusts").pem();
    for (i, extra) in [
        json!({"maxRetries": 2}),
        json!({"maxRetries": 2, "caCertificatesPem": trusted_elsewhere}),
    ]
    .into_iter()
    .enumerate()
    {
        let client = server.client(extra).unwrap();
        let err = client
            .call(Operation::SetupRetrieve, None, None)
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Connection, "{err}");
        assert!(err.message.contains("issuer is unknown"), "{err}");
        assert_eq!(err.retries, 0, "a refused certificate is not retried");
        assert_eq!(server.connections.load(Ordering::SeqCst), i + 1);
    }
    assert_eq!(server.handshakes.load(Ordering::SeqCst), 0);
}

/// The log record of a refused certificate gives the cause, as the error does.
#[test]
fn a_refused_certificate_is_logged_with_its_cause() {
    use beeper_setup::logging::{self, Handler, Level, LevelFilter};
    let server = HttpsSim::start(Ca::new("nobody trusts this CA").issue_for_localhost());
    let records: Arc<std::sync::Mutex<Vec<(Level, String, String)>>> = Arc::default();
    let sink = records.clone();
    let handler: Handler = Arc::new(move |level, target, message| {
        sink.lock()
            .unwrap()
            .push((level, target.to_owned(), message.to_owned()))
    });
    logging::set_handler(Some(handler), LevelFilter::Info);
    let err = server
        .client(json!({}))
        .unwrap()
        .call(Operation::SetupRetrieve, None, None)
        .unwrap_err();
    logging::set_handler(None, LevelFilter::Off);
    let records = records.lock().unwrap();
    assert!(
        records
            .iter()
            .any(|(level, target, message)| *level == Level::Info
                && target == "beeper_setup::request"
                && message.starts_with("setup.retrieve: GET /v1/app/setup failed after ")
                && message.ends_with(&err.message)
                && message.contains("issuer is unknown")),
        "{records:#?}"
    );
}

#[test]
fn a_certificate_for_another_host_is_refused() {
    let ca = Ca::new("test CA");
    let server = HttpsSim::start(ca.issue(&["beeper.example"], (2020, 1, 1), (2100, 1, 1)));
    let client = server
        .client(json!({"caCertificatesPem": ca.pem()}))
        .unwrap();
    let err = client.call(Operation::SetupStart, None, None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connection, "{err}");
    assert!(err.message.contains("wrong host name"), "{err}");
    assert!(err.message.contains("127.0.0.1"), "{err}");
}

#[test]
fn a_redirect_to_plain_http_is_an_answer_not_followed() {
    let trap = TcpListener::bind("127.0.0.1:0").unwrap();
    trap.set_nonblocking(true).unwrap();
    let location = format!("http://{}/v1/app/setup", trap.local_addr().unwrap());
    let redirector = TcpListener::bind("127.0.0.1:0").unwrap();
    let backend = redirector.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for tcp in redirector.incoming() {
            let Ok(tcp) = tcp else { return };
            let mut reader = BufReader::new(tcp);
            if read_message(&mut reader).is_ok() {
                let _ = write!(
                    reader.get_mut(),
                    "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
                );
            }
        }
    });
    let ca = Ca::new("test CA");
    let server = HttpsSim::in_front_of(ca.issue_for_localhost(), backend, None);
    let client = server
        .client(json!({"caCertificatesPem": ca.pem()}))
        .unwrap();
    let err = client
        .call(Operation::SetupRetrieve, None, None)
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Api, "{err}");
    assert_eq!(err.status, Some(302));
    assert_eq!(
        trap.accept().map_err(|e| e.kind()).err(),
        Some(std::io::ErrorKind::WouldBlock),
        "nothing went to the plain-http location"
    );
}

#[test]
fn an_expired_certificate_is_refused() {
    let ca = Ca::new("test CA");
    let server = HttpsSim::start(ca.issue(&["127.0.0.1"], (2020, 1, 1), (2021, 1, 1)));
    let client = server
        .client(json!({"caCertificatesPem": ca.pem()}))
        .unwrap();
    let err = client
        .call(Operation::VerificationsList, None, None)
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connection, "{err}");
    assert!(err.message.contains("expired"), "{err}");
}

/// A self-signed certificate as `openssl req -x509 -subj /CN=... -addext subjectAltName=...`
/// makes it: its own CA (basicConstraints CA:TRUE), serving as the server's certificate.
fn self_signed(names: &[&str], from: (i32, u8, u8), to: (i32, u8, u8)) -> (String, ServerCert) {
    let key = KeyPair::generate().unwrap();
    let mut params =
        CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    params.subject_alt_names = alt_names(names);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, names[0]);
    params.not_before = rcgen::date_time_ymd(from.0, from.1, from.2);
    params.not_after = rcgen::date_time_ymd(to.0, to.1, to.2);
    let cert = params.self_signed(&key).unwrap();
    let server = ServerCert {
        chain: vec![cert.der().clone()],
        key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
    };
    (cert.pem(), server)
}

#[test]
fn the_servers_own_self_signed_certificate_given_as_ca_certificates_pem_is_trusted() {
    let (pem, cert) = self_signed(&["127.0.0.1", "localhost"], (2020, 1, 1), (2100, 1, 1));
    let server = HttpsSim::start(cert);
    let client = server.client(json!({"caCertificatesPem": pem})).unwrap();
    let session = client.call(Operation::SetupRetrieve, None, None);
    assert!(session.is_ok(), "{session:?}");
    assert_eq!(server.handshakes.load(Ordering::SeqCst), 1);

    // Another self-signed certificate is not trusted because one was given.
    let (other_pem, _) = self_signed(&["127.0.0.1"], (2020, 1, 1), (2100, 1, 1));
    let client = server
        .client(json!({"caCertificatesPem": other_pem}))
        .unwrap();
    let err = client.call(Operation::SetupStart, None, None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connection, "{err}");
    assert!(err.message.contains("issuer is unknown"), "{err}");
    assert!(
        err.message.contains("caCertificatesPem"),
        "says what to do: {err}"
    );
}

#[test]
fn a_pinned_self_signed_certificate_still_needs_the_right_name_and_dates() {
    for (names, from, to, why) in [
        (
            &["beeper.example"][..],
            (2020, 1, 1),
            (2100, 1, 1),
            "wrong host name",
        ),
        (&["127.0.0.1"][..], (2020, 1, 1), (2021, 1, 1), "expired"),
        (
            &["127.0.0.1"][..],
            (2090, 1, 1),
            (2100, 1, 1),
            "not valid yet",
        ),
    ] {
        let (pem, cert) = self_signed(names, from, to);
        let server = HttpsSim::start(cert);
        let client = server.client(json!({"caCertificatesPem": pem})).unwrap();
        let err = client.call(Operation::SetupStart, None, None).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Connection, "{err}");
        assert!(err.message.contains(why), "{why}: {err}");
        assert_eq!(server.handshakes.load(Ordering::SeqCst), 0);
    }
}

#[test]
fn a_pinned_certificate_whose_date_is_malformed_is_refused_as_malformed() {
    let (_, cert) = self_signed(&["127.0.0.1"], (2020, 1, 1), (2100, 1, 1));
    let not_before = b"200101000000Z";
    let original = cert.chain[0].to_vec();
    let at = original
        .windows(not_before.len())
        .position(|w| w == not_before)
        .expect("rcgen writes notBefore as UTCTime");
    // A multi-byte character, a sign, February 31, second 60: none of them a date webpki reads.
    for bad in [
        "€000000000Z",
        "+10101000000Z",
        "200231000000Z",
        "200101000060Z",
    ] {
        let mut patched = original.clone();
        patched[at..at + not_before.len()].copy_from_slice(bad.as_bytes());
        let pem = pem::encode(&pem::Pem::new("CERTIFICATE", patched.clone()));
        let server = HttpsSim::start(ServerCert {
            chain: vec![CertificateDer::from(patched)],
            key: cert.key.clone_key(),
        });
        let client = server.client(json!({"caCertificatesPem": pem})).unwrap();
        let err = client.call(Operation::SetupStart, None, None).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Connection, "{bad}: {err}");
        assert!(err.message.contains("malformed"), "{bad}: {err}");
        // Through the C ABI too: a connection error, not `internal` (a panic used to be caught
        // there).
        let (status, error) = start_through_the_c_abi(&server.url(), &pem);
        assert_eq!(
            status,
            beeper_setup::ffi::BEEPER_ERR_CONNECTION,
            "{bad}: {error}"
        );
        assert!(
            error["message"].as_str().unwrap().contains("malformed"),
            "{error}"
        );
        assert_eq!(server.handshakes.load(Ordering::SeqCst), 0, "{bad}");
    }
}

/// `beeper_setup_start` on a client of `url` that trusts `pem`: its status and its error object.
fn start_through_the_c_abi(url: &str, pem: &str) -> (i32, Value) {
    use beeper_setup::ffi::*;
    use std::ffi::{CStr, CString};
    let config = json!({"baseURL": url, "maxRetries": 0, "caCertificatesPem": pem});
    let config = CString::new(config.to_string()).unwrap();
    let (mut client, mut out) = (std::ptr::null_mut(), std::ptr::null_mut());
    unsafe {
        assert_eq!(
            beeper_client_new(config.as_ptr(), &mut client, &mut out),
            BEEPER_OK
        );
        beeper_string_free(out);
        let status = beeper_setup_start(client, &mut out);
        let error = serde_json::from_slice(CStr::from_ptr(out).to_bytes()).unwrap();
        beeper_string_free(out);
        beeper_client_free(client);
        (status, error)
    }
}

/// Set for the copy of this test binary that `ssl_cert_file_...` runs: the URL to call.
const CHILD_URL: &str = "BEEPER_SETUP_TEST_SSL_CERT_FILE_URL";

#[test]
fn ssl_cert_file_is_trusted_without_the_config_key() {
    if let Ok(url) = std::env::var(CHILD_URL) {
        let client = Client::from_json(&json!({"baseURL": url, "maxRetries": 0}).to_string());
        let answer = client.unwrap().call(Operation::SetupRetrieve, None, None);
        assert!(answer.is_ok(), "{answer:?}");
        // The trust store is read once per process: a later client trusts the same roots,
        // whatever the variable says by then.
        std::env::set_var("SSL_CERT_FILE", "/nonexistent/ca.pem");
        let later = Client::from_json(&json!({"baseURL": url, "maxRetries": 0}).to_string());
        let answer = later.unwrap().call(Operation::SetupRetrieve, None, None);
        assert!(answer.is_ok(), "a later client: {answer:?}");
        return;
    }
    // The environment is the process's: the variable is set for a copy of this binary running
    // only this test, so that no other test sees it.
    let ca = Ca::new("test CA named by SSL_CERT_FILE");
    let server = HttpsSim::start(ca.issue_for_localhost());
    let dir = std::env::temp_dir().join(format!("beeper-setup-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ca.pem");
    std::fs::write(&file, ca.pem()).unwrap();
    let run = |cert_file: &std::path::Path| {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "ssl_cert_file_is_trusted_without_the_config_key"])
            .env(CHILD_URL, server.url())
            .env("SSL_CERT_FILE", cert_file)
            .env_remove("SSL_CERT_DIR")
            .output()
            .unwrap()
    };
    let trusted = run(&file);
    let other = dir.join("other.pem");
    std::fs::write(&other, Ca::new("another CA").pem()).unwrap();
    let untrusted = run(&other);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        trusted.status.success(),
        "{}",
        String::from_utf8_lossy(&trusted.stdout)
    );
    let failure = String::from_utf8_lossy(&untrusted.stdout);
    assert!(
        !untrusted.status.success() && failure.contains("issuer is unknown"),
        "{failure}"
    );
}

#[test]
fn bad_pem_is_refused_when_the_client_is_made_without_quoting_it() {
    let ca = Ca::new("test CA");
    let mangled = ca.pem().replace('A', "*");
    for (pem, needle) in [
        (
            "not a certificate at all: hunter2".to_owned(),
            "no certificate",
        ),
        (String::new(), "no certificate"),
        (mangled, "caCertificatesPem"),
        (
            "-----BEGIN CERTIFICATE-----\naHVudGVyMg==\n-----END CERTIFICATE-----\n".to_owned(),
            "certificate 1 of 1",
        ),
    ] {
        let err = Client::from_json(
            &json!({"baseURL": "https://beeper.example", "caCertificatesPem": pem}).to_string(),
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidArgument, "{err}");
        assert!(err.message.contains(needle), "{err}");
        assert!(!err.message.contains("hunter2") && !err.message.contains("aHVu"));
    }
}

/// A call started without blocking reads its answer in short slices (so that a cancel can stop
/// the wait): over TLS an answer slower than a slice still arrives whole.
#[test]
fn an_async_call_over_https_waits_for_a_slow_answer() {
    let ca = Ca::new("beeper-setup test CA (async)");
    let server = HttpsSim::start(ca.issue_for_localhost());
    let client = server
        .client(json!({"caCertificatesPem": ca.pem()}))
        .unwrap();
    client.call(Operation::SetupRetrieve, None, None).unwrap();
    let backend = server._sim.as_ref().unwrap().base_url().to_owned();
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    agent
        .post(format!("{backend}/_sim/faults"))
        .header("Content-Type", "application/json")
        .send(json!({"delayMs": 400, "count": 1}).to_string().as_bytes())
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let started = std::time::Instant::now();
    client
        .start_call(Operation::SetupRetrieve, None, None, None, move |r| {
            tx.send(r).unwrap()
        })
        .unwrap();
    let answer = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
    assert!(answer.is_ok(), "{answer:?}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(400));
}
