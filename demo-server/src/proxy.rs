//! Test tools that make loopback look like the internet: a forward proxy that gives a server on
//! loopback a real-looking name on its scheme's default port, and a port that refuses connections.
//!
//! A public API lives at `https://host/…` (port 443, as Railway's does), and tests that only ever used
//! `http://127.0.0.1:PORT` missed what default ports do to origins. [`ForwardProxy`] lets a client
//! reach `https://api.sextant.test/graphql/v2` or `http://api.sextant.test/graphql/v2` with nothing
//! but `https_proxy`/`http_proxy` set: the client resolves nothing itself (the proxy maps each
//! `host:port` to a local address), `CONNECT` tunnels the bytes so TLS runs end to end between client
//! and server, and a plain-http request in absolute form is passed on as it came. No privileges, no
//! port 80 or 443, nothing a person runs is touched.

use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The longest request head the proxy reads.
const MAX_HEAD: usize = 64 * 1024;

/// A forward proxy on loopback for tests.
pub struct ForwardProxy {
    address: SocketAddr,
    asked: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl ForwardProxy {
    /// Starts a proxy that sends `host:port` (as a client asks for it: `api.sextant.test:443`,
    /// `api.sextant.test:80`) to the address beside it; anything else gets 502.
    pub async fn start(routes: &[(&str, SocketAddr)]) -> io::Result<ForwardProxy> {
        let routes: Arc<HashMap<String, SocketAddr>> =
            Arc::new(routes.iter().map(|(authority, address)| (authority.to_ascii_lowercase(), *address)).collect());
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else { continue };
                let routes = routes.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    let _ = forward(client, &routes, &log).await;
                });
            }
        });
        Ok(ForwardProxy { address, asked, task })
    }

    /// `http://127.0.0.1:PORT`, for `http_proxy` and `https_proxy`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The `host:port` of every connection asked for so far, in order.
    pub fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl Drop for ForwardProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(mut client: TcpStream, routes: &HashMap<String, SocketAddr>, asked: &Mutex<Vec<String>>) -> io::Result<()> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&chunk[..n]);
        if let Some(at) = head.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
        if head.len() > MAX_HEAD {
            return client.write_all(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n").await;
        }
    };
    let first_line = String::from_utf8_lossy(&head[..head.iter().position(|byte| *byte == b'\r').unwrap_or(0)]).into_owned();
    let mut parts = first_line.split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let tunnel = method.eq_ignore_ascii_case("CONNECT");
    let authority = if tunnel { Some(target.to_ascii_lowercase()) } else { absolute_form_authority(target) };
    let Some(authority) = authority else {
        return client.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n").await;
    };
    asked.lock().unwrap_or_else(PoisonError::into_inner).push(authority.clone());
    let Some(address) = routes.get(&authority) else {
        return client.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n").await;
    };
    let mut upstream = TcpStream::connect(address).await?;
    if tunnel {
        client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n").await?;
        upstream.write_all(&head[head_end..]).await?;
    } else {
        // The request as it came: the server reads the path out of the absolute form.
        upstream.write_all(&head).await?;
    }
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

/// `api.sextant.test:80` of `http://api.sextant.test/graphql/v2`.
fn absolute_form_authority(target: &str) -> Option<String> {
    let rest = target.strip_prefix("http://")?;
    let authority = rest.split(['/', '?']).next().filter(|authority| !authority.is_empty())?.to_ascii_lowercase();
    Some(if authority.rsplit_once(':').is_some_and(|(_, port)| port.parse::<u16>().is_ok()) { authority } else { format!("{authority}:80") })
}

/// A loopback port that refuses every connection: bound (so nothing else takes it while it lives)
/// but not listening. "Server unreachable" tests use it instead of a port bound and released, which
/// another process may take in between.
pub struct RefusingPort {
    socket: socket2::Socket,
    port: u16,
}

impl RefusingPort {
    pub fn new() -> io::Result<RefusingPort> {
        let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
        socket.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)).into())?;
        let port = socket.local_addr()?.as_socket().map(|address| address.port()).unwrap_or(0);
        Ok(RefusingPort { socket, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT/graphql/v2`.
    pub fn url(&self) -> String {
        let _ = &self.socket;
        format!("http://127.0.0.1:{}{}", self.port, crate::GRAPHQL_PATH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_form_targets_name_their_authority() {
        let cases = [
            ("http://api.sextant.test/graphql/v2", Some("api.sextant.test:80")),
            ("http://API.sextant.test:8080/x?y", Some("api.sextant.test:8080")),
            ("http://api.sextant.test?x", Some("api.sextant.test:80")),
            ("/graphql/v2", None),
            ("https://api.sextant.test/", None),
            ("http:///x", None),
        ];
        for (target, expected) in cases {
            assert_eq!(absolute_form_authority(target).as_deref(), expected, "{target}");
        }
    }

    #[tokio::test]
    async fn a_refusing_port_refuses() {
        let port = RefusingPort::new().unwrap();
        let error = TcpStream::connect((Ipv4Addr::LOCALHOST, port.port())).await.unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::ConnectionRefused);
    }
}
