//! The demo schema is a subset of Railway's real one: same type, field and argument names and types.

use crate::{query, start};
use demo_server::DemoConfig;
use serde_json::Value;
use std::collections::BTreeMap;

const INTROSPECTION: &str = "
query {
  __schema {
    queryType { name }
    mutationType { name }
    types {
      kind name
      fields(includeDeprecated: true) { name args { name type { ...TypeRef } } type { ...TypeRef } }
      inputFields { name type { ...TypeRef } }
      enumValues(includeDeprecated: true) { name }
    }
  }
}
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }";

fn type_ref(t: &Value) -> String {
    match t["kind"].as_str().unwrap() {
        "NON_NULL" => format!("{}!", type_ref(&t["ofType"])),
        "LIST" => format!("[{}]", type_ref(&t["ofType"])),
        _ => t["name"].as_str().unwrap().to_string(),
    }
}

/// Every `Type.field(arg: T, ...): T`, `Input.field: T` and `Enum.VALUE` of a schema, keyed by `Type.name`,
/// leaving out the introspection types and built-in scalars.
fn signatures(schema: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for t in schema["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name) {
            continue;
        }
        out.insert(name.to_string(), t["kind"].as_str().unwrap().to_string());
        for field in t["fields"].as_array().into_iter().flatten().chain(t["inputFields"].as_array().into_iter().flatten()) {
            let args: Vec<String> = field["args"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| format!("{}: {}", a["name"].as_str().unwrap(), type_ref(&a["type"])))
                .collect();
            let args = if args.is_empty() { String::new() } else { format!("({})", args.join(", ")) };
            out.insert(format!("{name}.{}{args}", field["name"].as_str().unwrap()), type_ref(&field["type"]));
        }
        for value in t["enumValues"].as_array().into_iter().flatten() {
            out.insert(format!("{name}.{}", value["name"].as_str().unwrap()), "value".into());
        }
    }
    out
}

fn railway() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/railway-schema.json");
    let text = std::fs::read_to_string(path).expect("Railway's schema comes with the repository");
    let mut json: Value = serde_json::from_str(&text).unwrap();
    json["data"]["__schema"].take()
}

/// Railway's arguments that the demo leaves out (its fields keep the same name and type).
fn without_left_out_arguments(key: &str) -> String {
    let Some((field, args)) = key.split_once('(') else { return key.to_string() };
    let kept: Vec<&str> = args
        .trim_end_matches(')')
        .split(", ")
        .filter(|arg| !["includeDeleted:", "orderBy:", "userId:", "workspaceId:", "isEphemeral:", "sort:"].iter().any(|left| arg.starts_with(left)))
        .collect();
    if kept.is_empty() { field.to_string() } else { format!("{field}({})", kept.join(", ")) }
}

#[tokio::test]
async fn introspection_matches_railway_for_the_subset() {
    let server = start(DemoConfig::default()).await;
    let reply = query(&server.url(), INTROSPECTION, &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let demo = signatures(&reply.at("/data/__schema"));
    let railway: BTreeMap<String, String> =
        signatures(&railway()).into_iter().map(|(key, value)| (without_left_out_arguments(&key), value)).collect();

    // The subset the demo promises, spelled out.
    let page = "(after: String, before: String, first: Int, last: Int)";
    let expected: &[(&str, &str)] = &[
        ("Query.me", "User!"),
        (&format!("Query.projects{page}"), "QueryProjectsConnection!"),
        ("Query.project(id: String!)", "Project!"),
        ("Mutation.pluginCreate(input: PluginCreateInput!)", "Plugin!"),
        ("User.id", "ID!"),
        ("User.name", "String"),
        ("User.email", "String!"),
        ("User.avatar", "String"),
        ("User.createdAt", "DateTime!"),
        ("QueryProjectsConnection.edges", "[QueryProjectsConnectionEdge!]!"),
        ("QueryProjectsConnection.pageInfo", "PageInfo!"),
        ("QueryProjectsConnectionEdge.cursor", "String!"),
        ("QueryProjectsConnectionEdge.node", "Project!"),
        ("PageInfo.hasNextPage", "Boolean!"),
        ("PageInfo.hasPreviousPage", "Boolean!"),
        ("PageInfo.startCursor", "String"),
        ("PageInfo.endCursor", "String"),
        ("Project.id", "ID!"),
        ("Project.name", "String!"),
        ("Project.description", "String"),
        ("Project.createdAt", "DateTime!"),
        ("Project.updatedAt", "DateTime!"),
        ("Project.isPublic", "Boolean!"),
        (&format!("Project.environments{page}"), "ProjectEnvironmentsConnection!"),
        (&format!("Project.services{page}"), "ProjectServicesConnection!"),
        (&format!("Project.plugins{page}"), "ProjectPluginsConnection!"),
        (&format!("Project.deployments{page}"), "ProjectDeploymentsConnection!"),
        ("ProjectEnvironmentsConnectionEdge.node", "Environment!"),
        ("ProjectServicesConnectionEdge.node", "Service!"),
        ("ProjectPluginsConnectionEdge.node", "Plugin!"),
        ("ProjectDeploymentsConnectionEdge.node", "Deployment!"),
        ("Service.id", "ID!"),
        ("Service.name", "String!"),
        ("Service.icon", "String"),
        ("Service.projectId", "String!"),
        ("Service.createdAt", "DateTime!"),
        (&format!("Service.deployments{page}"), "ServiceDeploymentsConnection!"),
        ("ServiceDeploymentsConnectionEdge.node", "Deployment!"),
        ("Deployment.id", "ID!"),
        ("Deployment.status", "DeploymentStatus!"),
        ("Deployment.createdAt", "DateTime!"),
        ("Deployment.url", "String"),
        ("Deployment.staticUrl", "String"),
        ("Deployment.serviceId", "String"),
        ("Deployment.environmentId", "String!"),
        ("Environment.id", "ID!"),
        ("Environment.name", "String!"),
        ("Environment.createdAt", "DateTime!"),
        ("Plugin.id", "ID!"),
        ("Plugin.name", "PluginType!"),
        ("Plugin.friendlyName", "String!"),
        ("Plugin.status", "PluginStatus!"),
        ("Plugin.createdAt", "DateTime!"),
        ("PluginCreateInput.environmentId", "String"),
        ("PluginCreateInput.friendlyName", "String"),
        ("PluginCreateInput.name", "String!"),
        ("PluginCreateInput.projectId", "String!"),
        ("DateTime", "SCALAR"),
        ("DeploymentStatus", "ENUM"),
        ("PluginType.postgresql", "value"),
    ];
    for &(key, signature) in expected {
        assert_eq!(railway.get(key).map(String::as_str), Some(signature), "Railway's {key} (the table is wrong)");
        assert_eq!(demo.get(key).map(String::as_str), Some(signature), "demo's {key}");
    }
    // Nothing the demo has differs from Railway or is made up.
    for (key, signature) in &demo {
        assert_eq!(railway.get(key), Some(signature), "demo's {key}: {signature} is not Railway's");
    }
    // The enums have all of Railway's values.
    for enumeration in ["DeploymentStatus", "PluginType", "PluginStatus"] {
        let values = |s: &BTreeMap<String, String>| -> Vec<String> {
            s.iter().filter(|(k, v)| k.starts_with(&format!("{enumeration}.")) && *v == "value").map(|(k, _)| k.clone()).collect()
        };
        assert_eq!(values(&demo), values(&railway), "{enumeration}");
    }
    assert_eq!((reply.at("/data/__schema/queryType/name"), reply.at("/data/__schema/mutationType/name")), ("Query".into(), "Mutation".into()));
    server.shutdown().await;
}

#[test]
fn sdl_exports_the_same_schema() {
    let sdl = demo_server::sdl();
    for line in [
        "scalar DateTime",
        "type QueryProjectsConnection {",
        "pluginCreate(input: PluginCreateInput!): Plugin!",
        "project(id: String!): Project!",
        "enum PluginType {",
    ] {
        assert!(sdl.contains(line), "{line} not in:\n{sdl}");
    }
}
