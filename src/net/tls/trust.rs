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
            let (not_before, not_after) = validity(end_entity)
                .map_err(|_| rustls::Error::InvalidCertificate(CertificateError::BadEncoding))?;
            let now = now.as_secs();
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

/// `notBefore` and `notAfter` of an X.509 certificate, in Unix seconds, read by `der`'s strict
/// decoder: a time is UTCTime or GeneralizedTime in its one DER form (every digit there,
/// seconds 00-59, a day its month has, `Z`), as webpki reads the times of every other
/// certificate. Only the path to the validity is walked; webpki has parsed the certificate.
fn validity(certificate: &[u8]) -> der::Result<(u64, u64)> {
    use der::{Reader, Tag, TagNumber};
    let mut reader = der::SliceReader::new(certificate)?;
    let validity = reader.sequence(|cert| -> der::Result<_> {
        let validity = cert.sequence(|tbs| -> der::Result<_> {
            let version = Tag::ContextSpecific {
                constructed: true,
                number: TagNumber(0),
            };
            if Tag::peek(tbs)? == version {
                tbs.tlv_bytes()?;
            }
            for _ in ["serialNumber", "signature", "issuer"] {
                tbs.tlv_bytes()?;
            }
            let validity = tbs.sequence(|v| -> der::Result<_> { Ok((time(v)?, time(v)?)) })?;
            tbs.drain(tbs.remaining_len())?; // subject, key, extensions
            Ok(validity)
        })?;
        cert.drain(cert.remaining_len())?; // signatureAlgorithm, signature
        Ok(validity)
    })?;
    reader.finish()?;
    Ok(validity)
}

/// Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }, in Unix seconds.
fn time<'a>(reader: &mut impl der::Reader<'a>) -> der::Result<u64> {
    use der::asn1::{GeneralizedTime, UtcTime};
    use der::{Decode, Tag};
    let since_epoch = match Tag::peek(reader)? {
        Tag::UtcTime => UtcTime::decode(reader)?.to_unix_duration(),
        _ => GeneralizedTime::decode(reader)?.to_unix_duration(),
    };
    Ok(since_epoch.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The time of one DER TLV with `tag` and `text`.
    fn read(tag: u8, text: &[u8]) -> Option<u64> {
        let tlv = [&[tag, text.len() as u8][..], text].concat();
        time(&mut der::SliceReader::new(&tlv).ok()?).ok()
    }

    #[test]
    fn both_time_forms_parse() {
        assert_eq!(read(0x17, b"700101000000Z"), Some(0));
        assert_eq!(read(0x18, b"20491231235959Z"), Some(2_524_607_999));
        assert_eq!(read(0x17, b"491231235959Z"), Some(2_524_607_999));
        assert_eq!(read(0x17, b"240229000000Z"), Some(1_709_164_800));
    }

    #[test]
    fn malformed_times_are_refused_as_webpki_refuses_them() {
        for bad in [
            "7001010000Z",
            "700101000000",
            "701301000000Z",
            "€000000000Z",
            "+10101000000Z",
            "-10101000000Z",
            " 10101000000Z",
            "700231000000Z",
            "230229000000Z",
            "700101000060Z",
            "700101240000Z",
            "700101000000+",
            "700101000000z",
        ] {
            assert_eq!(read(0x17, bad.as_bytes()), None, "{bad:?}");
        }
        for bad in [
            "19691231235959Z",
            "2070023100000Z",
            "+2070010100000Z",
            "20700101000000",
        ] {
            assert_eq!(read(0x18, bad.as_bytes()), None, "{bad:?}");
        }
        assert_eq!(
            read(0x04, b"700101000000Z"),
            None,
            "an OCTET STRING is no time"
        );
    }

    #[test]
    fn the_validity_of_a_generated_certificate_is_read() {
        let mut params = rcgen::CertificateParams::new(vec!["localhost".into()]).unwrap();
        params.not_before = rcgen::date_time_ymd(2020, 1, 2);
        params.not_after = rcgen::date_time_ymd(2060, 3, 4);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        assert_eq!(
            validity(cert.der()).ok(),
            Some((1_577_923_200, 2_845_584_000)),
            "2020-01-02 and 2060-03-04 at midnight"
        );
        for cut in [0, 1, 40, cert.der().len() - 1] {
            assert!(validity(&cert.der()[..cut]).is_err(), "cut at {cut}");
        }
        let trailing = [cert.der().as_ref(), b"\0"].concat();
        assert!(validity(&trailing).is_err(), "trailing bytes");
    }
}
