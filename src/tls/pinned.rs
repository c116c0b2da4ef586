//! Trust for a server that presents exactly a certificate given in `caCertificatesPem`.
//!
//! A private Beeper Server is often set up with one self-signed certificate (`openssl req
//! -x509`), which is its own CA. Given as `caCertificatesPem`, it becomes a root, and a root
//! presented as the server's own certificate is refused by the chain check ("CA used as end
//! entity"), although Python's `ssl` and browsers with the certificate pinned accept it. So
//! when the platform's check refuses a certificate that is byte for byte one the caller gave,
//! it is accepted once its host name and its validity dates check out: the caller vouched for
//! that exact certificate, and the handshake still proves the server holds its private key.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use std::sync::Arc;

/// The platform's verifier, with the exact certificates of `caCertificatesPem` trusted too.
#[derive(Debug)]
pub(crate) struct PinnedOrPlatform {
    pub platform: Arc<dyn ServerCertVerifier>,
    pub pinned: Vec<CertificateDer<'static>>,
}

impl ServerCertVerifier for PinnedOrPlatform {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let refused = match self.platform.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(verified) => return Ok(verified),
            Err(e) => e,
        };
        if !self
            .pinned
            .iter()
            .any(|c| c.as_ref() == end_entity.as_ref())
        {
            // A self-signed certificate nobody vouched for: to the person reading the error,
            // its issuer (itself) is unknown, which also names the way out.
            let self_signed = matches!(&refused, rustls::Error::InvalidCertificate(
                CertificateError::Other(other)) if format!("{other:?}").contains("CaUsedAsEndEntity"));
            return Err(match self_signed {
                true => rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer),
                false => refused,
            });
        }
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
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.platform.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.platform.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.platform.supported_verify_schemes()
    }
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
    Some(crate::retry::days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
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
