//! An API as a person meets it, for the tests of both files: `https://api.sextant.test/graphql/v2`
//! on port 443, the demo server behind the tests' forward proxy with a throwaway authority's
//! certificate, and clients that go through the proxy, trusting that authority or not.

use demo_server::{DemoConfig, DemoServer, ForwardProxy};
use net::{Client, ClientConfig};

pub const URL: &str = "https://api.sextant.test/graphql/v2";

pub struct RemoteApi {
    pub server: DemoServer,
    pub proxy: ForwardProxy,
    ca_pem: String,
}

impl RemoteApi {
    /// The demo server of `config`, answering to `api.sextant.test` on port 443 through the proxy.
    pub async fn start(config: DemoConfig) -> RemoteApi {
        let certificates = demo_server::tls::TestCertificates::new(&["api.sextant.test"]).unwrap();
        let config = DemoConfig { extra_hosts: vec!["api.sextant.test".into()], ..config };
        let server = DemoServer::start_tls(config, "127.0.0.1:0".parse().unwrap(), &certificates.server).await.unwrap();
        let proxy = ForwardProxy::start(&[("api.sextant.test:443", server.local_addr())]).await.unwrap();
        RemoteApi { server, proxy, ca_pem: certificates.ca_pem }
    }

    /// A client through the proxy; `trusting` the test's authority, or with the system's roots only.
    pub fn client(&self, trusting: bool) -> Client {
        Client::new(ClientConfig {
            proxy: net::ProxySettings { https: Some(self.proxy.url()), ..net::ProxySettings::none() },
            extra_root_certificates_pem: if trusting { vec![self.ca_pem.clone().into_bytes()] } else { Vec::new() },
            ..ClientConfig::default()
        })
        .unwrap()
    }
}
