//! The demo server over real HTTP (reqwest against a started server on loopback).

mod auth;
mod hardening;
mod log;
mod modes;
mod queries;
mod rate_limit;
mod schema;

use demo_server::{DemoConfig, DemoServer};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

pub async fn start(config: DemoConfig) -> DemoServer {
    DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts")
}

/// A client that does not follow redirects, so that tests see what the server sent.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// The value at a JSON pointer (`Value::Null` when absent).
    pub fn at(&self, pointer: &str) -> Value {
        self.json().pointer(pointer).cloned().unwrap_or(Value::Null)
    }
}

pub async fn send(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.expect("the request is answered");
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        text: response.text().await.expect("the body arrives"),
    }
}

/// POSTs `query` to the server's GraphQL URL with the given headers.
pub async fn query(url: &str, query: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = client().post(url).json(&json!({ "query": query }));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(request).await
}
