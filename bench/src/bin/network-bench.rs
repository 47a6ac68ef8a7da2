//! Times `net::Client::send` (request out, response in and parsed) against a running server, for
//! `bench/network`, which times curl on the same requests. Prints one JSON object.
//!
//! Usage: network-bench URL CALLS [BEARER_TOKEN]

use std::time::Instant;

use net::{CancellationToken, Client, ClientConfig, Credential, Endpoint, GraphqlRequest};

fn main() {
    let mut args = std::env::args().skip(1);
    let url = args.next().expect("URL");
    let calls: usize = args.next().expect("CALLS").parse().expect("CALLS is a number");
    let token = args.next().and_then(secret::Secret::new);
    let endpoint = Endpoint::parse(&url).expect("a URL");
    let mut request = GraphqlRequest::new(endpoint.clone(), "{ projects { edges { node { id name } } } }");
    if let Some(token) = &token {
        request = request.with_credential(Credential::bearer(token, endpoint.origin()));
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = Client::new(ClientConfig::default()).unwrap();
    let cancel = CancellationToken::new();
    // One warm-up call opens the connection, as an app that has been running would have it open.
    runtime.block_on(client.send(&request, &cancel));
    let mut milliseconds = Vec::with_capacity(calls);
    let mut body_bytes = 0;
    for _ in 0..calls {
        let started = Instant::now();
        let outcome = runtime.block_on(client.send(&request, &cancel));
        milliseconds.push(started.elapsed().as_secs_f64() * 1e3);
        let response = outcome.response().unwrap_or_else(|| panic!("no response: {:?}", outcome.summary()));
        assert!(response.graphql().is_some_and(|body| body.data.is_some()), "{:?}", response.summary);
        body_bytes = response.body_bytes;
    }
    milliseconds.sort_by(f64::total_cmp);
    let median = milliseconds[milliseconds.len() / 2];
    println!("{}", serde_json::json!({ "median_ms": median, "min_ms": milliseconds[0], "calls": calls, "body_bytes": body_bytes }));
}
