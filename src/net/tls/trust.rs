//! Which server certificates are trusted: those the platform trusts, those issued by a
//! certificate of `caCertificatesPem`, and a certificate of `caCertificatesPem` itself.
//!
//! The platform's trust store is read once per process: on Linux that means parsing every file
//! under `/etc/ssl/certs` (milliseconds), and the roots do not change between clients. Each
//! client adds only its own, small, store of `caCertificatesPem`.
//!
//! A private Beeper Server is often set up with one self-signed certificate (`openssl req
//! -x509`), which is its own CA. Given as `caCertificatesPem`, it becomes a root, and a root
//! presented as the server's own certificate is refused by the chain check ("CA used as end
//! entity"), although Python's `ssl` and browsers with the certificate pinned accept it. So a
//! certificate that is byte for byte one the caller gave is accepted once its host name and its
//! validity dates check out: the caller vouched for that exact certificate, and the handshake
//! still proves the server holds its private key.

use once_cell::sync::Lazy;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::Arc;

/// The one crypto provider of every TLS connection.
pub(crate) fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: Lazy<Arc<CryptoProvider>> =
        Lazy::new(|| Arc::new(rustls::crypto::ring::default_provider()));
    PROVIDER.clone()
}

/// The platform's verifier, made (and its trust store read) once per process. The error, when
/// the platform has no usable store, is kept for the message of a client that has no other roots.
fn platform() -> Result<Arc<dyn ServerCertVerifier>, String> {
    static PLATFORM: Lazy<Result<Arc<dyn ServerCertVerifier>, String>> = Lazy::new(|| {
        rustls_platform_verifier::Verifier::new(provider())
            .map(|v| Arc::new(v) as Arc<dyn ServerCertVerifier>)
            .map_err(|e| e.to_string())
    });
    PLATFORM.clone()
}

/// The verifier of one client: the platform's, then its own roots, then its exact certificates.
#[derive(Debug)]
pub(crate) struct Trust {
    platform: Option<Arc<dyn ServerCertVerifier>>,
    /// Chains to a certificate of `caCertificatesPem`.
    own_roots: Option<Arc<WebPkiServerVerifier>>,
    /// The certificates of `caCertificatesPem`, trusted as they are.
    pinned: Vec<CertificateDer<'static>>,
    /// Either of the two, for the handshake's signature checks (the same algorithms in both).
    signatures: Arc<dyn ServerCertVerifier>,
}

impl Trust {
    /// `Err`: nothing to check a server against (the message says why).
    pub fn new(extra: &[CertificateDer<'static>]) -> Result<Trust, String> {
        let platform = platform();
        let own_roots = if extra.is_empty() {
            None
        } else {
            let mut store = RootCertStore::empty();
            // parse_pem has checked that each one is a usable root.
            store.add_parsable_certificates(extra.iter().cloned());
            let verifier = WebPkiServerVerifier::builder_with_provider(store.into(), provider())
                .build()
                .map_err(|e| e.to_string())?;
            Some(verifier)
        };
        let signatures: Arc<dyn ServerCertVerifier> = match (&platform, &own_roots) {
            (Ok(platform), _) => platform.clone(),
            (Err(_), Some(own)) => own.clone(),
            (Err(why), None) => return Err(why.clone()),
        };
        Ok(Trust {
            platform: platform.ok(),
            own_roots,
            pinned: extra.to_vec(),
            signatures,
        })
    }

    /// A certificate that is exactly one of `caCertificatesPem`, with its name and dates
    /// checked; `None` when it is not one of them.
    fn pinned(
        &self,
        end_entity: &CertificateDer<'_>,
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Option<Result<ServerCertVerified, rustls::Error>> {
        if !self
            .pinned
            .iter()
            .any(|c| c.as_ref() == end_entity.as_ref())
        {
            return None;
        }
        let check = || {
            let parsed = ParsedCertificate::try_from(end_entity)?;
            rustls::client::verify_server_name(&parsed, server_name)?;
            let (not_before, not_after) = validity(end_entity).ok_or(
                rustls::Error::InvalidCertificate(CertificateError::BadEncoding),
            )?;
            let now = now.as_secs() as i64;
            if now < not_before {
                return Err(rustls::Error::InvalidCertificate(
                    CertificateError::NotValidYet,
                ));
            }
            if now > not_after {
                return Err(rustls::Error::InvalidCertificate(CertificateError::Expired));
            }
            Ok(ServerCertVerified::assertion())
        };
        Some(check())
    }
}

impl ServerCertVerifier for Trust {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verify = |v: &dyn ServerCertVerifier| {
            v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        };
        // The client's own roots first: few, and the reason a private server works at all.
        let own = self.own_roots.as_deref().map(|v| verify(v));
        if let Some(Ok(verified)) = own {
            return Ok(verified);
        }
        let platform = self.platform.as_deref().map(verify);
        if let Some(Ok(verified)) = platform {
            return Ok(verified);
        }
        if let Some(pinned) = self.pinned(end_entity, server_name, now) {
            return pinned;
        }
        // Both refused: the more telling reason is the one from roots that knew the issuer
        // (an expiry, a wrong name), else the platform's.
        let unknown = |e: &rustls::Error| {
            matches!(
                e,
                rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)
            ) || is_self_signed_refusal(e)
        };
        let refused = match (own, platform) {
            (Some(Err(own)), _) if !unknown(&own) => own,
            (_, Some(Err(platform))) => platform,
            (Some(Err(own)), None) => own,
            _ => rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer),
        };
        // A self-signed certificate nobody vouched for: to the person reading the error, its
        // issuer (itself) is unknown, which also names the way out.
        Err(match is_self_signed_refusal(&refused) {
            true => rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer),
            false => refused,
        })
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.signatures.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.signatures.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.signatures.supported_verify_schemes()
    }
}

/// webpki's "a CA certificate used as the server's own": a self-signed certificate.
fn is_self_signed_refusal(e: &rustls::Error) -> bool {
    matches!(e, rustls::Error::InvalidCertificate(CertificateError::Other(other))
        if format!("{other:?}").contains("CaUsedAsEndEntity"))
}

/// `notBefore` and `notAfter` of an X.509 certificate, in Unix seconds. The certificate has
/// already been parsed by webpki, so only the path to the validity is walked here.
fn validity(der: &[u8]) -> Option<(i64, i64)> {
    let (_, cert, _) = tlv(der)?; // Certificate ::= SEQUENCE
    let (_, mut tbs, _) = tlv(cert)?; // tbsCertificate ::= SEQUENCE
    let (tag, _, rest) = tlv(tbs)?;
    if tag == 0xA0 {
        tbs = rest; // [0] version
    }
    for _ in 0..3 {
        tbs = tlv(tbs)?.2; // serialNumber, signature, issuer
    }
    let (_, validity, _) = tlv(tbs)?;
    let (tag1, before, rest) = tlv(validity)?;
    let (tag2, after, _) = tlv(rest)?;
    Some((time(tag1, before)?, time(tag2, after)?))
}

/// One DER tag-length-value: its tag, its contents and what follows it.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) in Unix seconds.
fn time(tag: u8, text: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(text).ok()?.strip_suffix('Z')?;
    let (year, rest) = match (tag, text.len()) {
        (0x17, 12) => {
            let yy: i64 = text[..2].parse().ok()?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &text[2..])
        }
        (0x18, 14) => (text[..4].parse().ok()?, &text[4..]),
        _ => return None,
    };
    if !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |i: usize| rest[i..i + 2].parse::<i64>().ok();
    let (month, day, h, m, s) = (n(0)?, n(2)?, n(4)?, n(6)?, n(8)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(crate::call::retry::days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_time_forms_parse() {
        assert_eq!(time(0x17, b"700101000000Z"), Some(0));
        assert_eq!(time(0x18, b"20491231235959Z"), Some(2_524_607_999));
        assert_eq!(time(0x17, b"491231235959Z"), Some(2_524_607_999));
        for bad in [&b"7001010000Z"[..], b"700101000000", b"701301000000Z"] {
            assert_eq!(time(0x17, bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_validity_of_a_generated_certificate_is_read() {
        let mut params = rcgen::CertificateParams::new(vec!["localhost".into()]).unwrap();
        params.not_before = rcgen::date_time_ymd(2020, 1, 2);
        params.not_after = rcgen::date_time_ymd(2060, 3, 4);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        assert_eq!(
            validity(cert.der()),
            Some((1_577_923_200, 2_845_584_000)),
            "2020-01-02 and 2060-03-04 at midnight"
        );
        assert_eq!(validity(&cert.der()[..40]), None);
    }
}
