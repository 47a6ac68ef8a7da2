//! TLS for the demo server in tests: a throwaway certificate authority and a server certificate for
//! the names a test uses, made at run time (no file to keep, nothing downloaded), and a listener
//! that speaks TLS. A client trusts the authority by its PEM (`ca_pem`): through
//! `SSL_CERT_FILE` for a whole app, or the HTTP client's extra roots.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// A certificate authority made for one test run, and a server certificate it signed.
pub struct TestCertificates {
    /// The authority's certificate, PEM: what a client is told to trust.
    pub ca_pem: String,
    pub server: ServerIdentity,
}

/// A server's certificate chain and private key, PEM.
#[derive(Clone)]
pub struct ServerIdentity {
    pub certificate_pem: String,
    pub key_pem: String,
}

impl TestCertificates {
    /// An authority and a certificate for `names` (DNS names or IP addresses), valid now.
    pub fn new(names: &[&str]) -> Result<TestCertificates, String> {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
        let failed = |error: rcgen::Error| format!("could not make a test certificate: {error}");
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
        ca_params.distinguished_name.push(DnType::CommonName, "Sextant test authority");
        let ca_key = KeyPair::generate().map_err(failed)?;
        let ca_certificate = ca_params.self_signed(&ca_key).map_err(failed)?;
        let issuer = Issuer::new(ca_params, ca_key);

        let names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
        let mut server_params = CertificateParams::new(names).map_err(failed)?;
        server_params.distinguished_name.push(DnType::CommonName, "Sextant test server");
        let server_key = KeyPair::generate().map_err(failed)?;
        let server_certificate = server_params.signed_by(&server_key, &issuer).map_err(failed)?;
        Ok(TestCertificates {
            ca_pem: ca_certificate.pem(),
            server: ServerIdentity { certificate_pem: server_certificate.pem(), key_pem: server_key.serialize_pem() },
        })
    }
}

/// How long a client may take over its TLS handshake.
const HANDSHAKE_DEADLINE: Duration = Duration::from_secs(10);

/// A TCP listener whose connections are TLS streams, for `axum::serve`. Handshakes run in tasks of
/// their own, so a slow or broken client never holds up the others.
pub struct TlsListener {
    address: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    accepting: tokio::task::JoinHandle<()>,
}

impl TlsListener {
    pub async fn bind(address: SocketAddr, identity: &ServerIdentity) -> io::Result<TlsListener> {
        let invalid = |what: &str, error: &dyn std::fmt::Display| io::Error::new(io::ErrorKind::InvalidInput, format!("{what}: {error}"));
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(identity.certificate_pem.as_bytes())
            .collect::<Result<_, _>>()
            .map_err(|error| invalid("the server certificate", &error))?;
        let key = PrivateKeyDer::from_pem_slice(identity.key_pem.as_bytes()).map_err(|error| invalid("the server key", &error))?;
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|error| invalid("TLS versions", &error))?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|error| invalid("the server certificate", &error))?;
        let mut config = config;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let tcp = TcpListener::bind(address).await?;
        let address = tcp.local_addr()?;
        let (sender, ready) = mpsc::channel(64);
        let accepting = tokio::spawn(async move {
            loop {
                let Ok((stream, peer)) = tcp.accept().await else { continue };
                let acceptor = acceptor.clone();
                let sender = sender.clone();
                tokio::spawn(async move {
                    if let Ok(Ok(tls)) = tokio::time::timeout(HANDSHAKE_DEADLINE, acceptor.accept(stream)).await {
                        let _ = sender.send((tls, peer)).await;
                    }
                });
            }
        });
        Ok(TlsListener { address, ready, accepting })
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(connection) => connection,
            // The accepting task never ends while the listener lives; should it, serve nothing more.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.address)
    }
}
