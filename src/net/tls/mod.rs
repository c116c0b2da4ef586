//! HTTPS: rustls with the platform's certificate verifier, plus the certificates of
//! `caCertificatesPem`.
//!
//! ureq's own rustls connector can use the platform verifier, but not add roots to it, and it
//! reports a rejected certificate only as rustls' debug text. This connector builds the verifier
//! itself (`trust`: on a client's first https connection, the system's trust store read once per
//! process) and turns a rejected certificate into a message that says what was wrong with it.

mod trust;

use crate::error::{Error, Result};
use crate::net::transport::Refusal;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex, PoisonError};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
    TransportAdapter,
};

/// Parses `caCertificatesPem`: one or more `CERTIFICATE` blocks, each a certificate rustls can
/// use as a root. The message never quotes the text.
pub(crate) fn parse_pem(pem: &str) -> Result<Vec<CertificateDer<'static>>> {
    let bad = |why: &str| Error::invalid(format!("caCertificatesPem: {why}"));
    if cfg!(target_os = "android") {
        return Err(bad(
            "Android's certificate verifier takes no extra certificates; install the CA in the \
             system's trust store instead",
        ));
    }
    let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|_| bad("it is not valid PEM"))?;
    if certs.is_empty() {
        return Err(bad(
            "it holds no certificate (expected -----BEGIN CERTIFICATE----- blocks)",
        ));
    }
    let mut store = RootCertStore::empty();
    for (i, cert) in certs.iter().enumerate() {
        store.add(cert.clone()).map_err(|_| {
            bad(&format!(
                "certificate {} of {} is not a usable X.509 certificate",
                i + 1,
                certs.len()
            ))
        })?;
    }
    Ok(certs)
}

/// Wraps connections to `https://` URLs in TLS. Clones (the agents of one client: its own and
/// each wait's) share one TLS setup.
#[derive(Clone, Debug)]
pub(crate) struct TlsConnector(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    #[cfg_attr(target_os = "android", allow(dead_code))]
    extra_roots: Vec<CertificateDer<'static>>,
    /// Made on first use, so that a client that never speaks https never reads a trust store.
    config: Mutex<Option<Arc<ClientConfig>>>,
}

impl TlsConnector {
    pub fn new(extra_roots: Vec<CertificateDer<'static>>) -> Self {
        TlsConnector(Arc::new(Shared {
            extra_roots,
            config: Mutex::default(),
        }))
    }

    fn config(&self) -> std::result::Result<Arc<ClientConfig>, ureq::Error> {
        let mut slot = self.0.config.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(config) = slot.as_ref() {
            return Ok(config.clone());
        }
        let verifier = trust::Trust::new(&self.0.extra_roots).map_err(|e| {
            refused(format!(
                "no trusted certificates to check the server against ({e}); \
                 set caCertificatesPem or SSL_CERT_FILE"
            ))
        })?;
        let config = ClientConfig::builder_with_provider(trust::provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| refused(format!("TLS could not be set up: {e}")))?
            // Not dangerous: the platform verifier checks everything, and a certificate of
            // caCertificatesPem presented as it is still has its name and dates checked.
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        let config = Arc::new(config);
        *slot = Some(config.clone());
        Ok(config)
    }
}

impl<In: Transport> Connector<In> for TlsConnector {
    type Out = Either<In, TlsTransport<In>>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> std::result::Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let host = details
            .uri
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let name = ServerName::try_from(host.to_owned())
            .map_err(|_| refused(format!("{host:?} is not a host name TLS can check")))?;
        let mut conn =
            ClientConnection::new(self.config()?, name).map_err(|e| refused(e.to_string()))?;
        let mut sock = TransportAdapter::new(transport, details.current_time.clone());
        sock.set_timeout(details.timeout);
        // Finishes the handshake here, so that a refused certificate is an error of connecting.
        conn.complete_io(&mut sock)
            .map_err(|e| handshake_error(e, host))?;
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(Some(Either::B(TlsTransport {
            buffers,
            stream: StreamOwned::new(conn, sock),
        })))
    }
}

/// A TLS connection over the transport below it.
pub(crate) struct TlsTransport<In: Transport> {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter<In>>,
}

impl<In: Transport> std::fmt::Debug for TlsTransport<In> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsTransport").finish_non_exhaustive()
    }
}

impl<In: Transport> Transport for TlsTransport<In> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(
        &mut self,
        amount: usize,
        timeout: NextTimeout,
    ) -> std::result::Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        self.stream.write_all(&self.buffers.output()[..amount])?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> std::result::Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let amount = self.stream.read(self.buffers.input_append_buf())?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

fn refused(message: String) -> ureq::Error {
    ureq::Error::Io(std::io::Error::other(Refusal(message)))
}

/// A failed handshake as the person reading the error needs it: for a rejected certificate, what
/// was wrong with it. I/O errors and timeouts pass through unchanged.
fn handshake_error(e: std::io::Error, host: &str) -> ureq::Error {
    let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) else {
        return ureq::Error::from(e);
    };
    let why = match tls {
        rustls::Error::InvalidCertificate(cert) => match cert {
            CertificateError::UnknownIssuer => {
                "its issuer is unknown (not trusted by the system, nor in caCertificatesPem); \
                 pass the certificate of the CA that issued it, or the server's own certificate \
                 when it is self-signed, as caCertificatesPem"
                    .to_owned()
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                "it has expired; the server needs a new certificate (check this computer's \
                 clock too)"
                    .to_owned()
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "it is not valid yet; check this computer's clock".to_owned()
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                format!(
                    "it is not valid for the host name {host:?} (wrong host name); use the name \
                     the certificate was made for in baseURL"
                )
            }
            CertificateError::Revoked => "it has been revoked".to_owned(),
            CertificateError::BadSignature => "its signature does not verify".to_owned(),
            CertificateError::BadEncoding => {
                "it is malformed (a field is not valid DER, such as a date that does not exist)"
                    .to_owned()
            }
            other => format!(
                "it was rejected ({other:?}); pass the server's certificate, or its CA's, as \
                 caCertificatesPem"
            ),
        },
        other => return refused(format!("the TLS handshake with {host:?} failed: {other}")),
    };
    refused(format!("the server's certificate was refused: {why}"))
}
