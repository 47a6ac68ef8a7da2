//! The GraphQL schema: a subset of Railway's, with the same type, field and argument names and types.

use crate::data::{Store, rfc3339};
use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{
    ComplexObject, Context, Enum, Error, ID, InputObject, InputValueResult, Object, Result,
    Scalar, ScalarType, ServerError, ServerResult, SimpleObject, Value, Variables,
};
use std::sync::{Arc, RwLock};

pub type DemoSchema = async_graphql::Schema<Query, Mutation, crate::subscriptions::Subscription>;

/// The server's state as the resolvers see it.
pub type SharedStore = Arc<RwLock<Store>>;

/// Who sent a request, after the token was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// An account token, or no token where none is required: the demo user.
    User,
    /// A project token: sees one project, and has no user.
    Project(String),
}

pub fn build(store: SharedStore, introspection: bool) -> DemoSchema {
    let builder = async_graphql::Schema::build(Query, Mutation, crate::subscriptions::Subscription).data(store).directive(crate::defer::DeferDirective);
    if introspection {
        builder.finish()
    } else {
        builder.disable_introspection().extension(RefuseIntrospection).finish()
    }
}

/// With introspection disabled async-graphql answers `__schema` with null and no error; servers in
/// production (Apollo's, for one) refuse the whole document with an error. This does the latter.
struct RefuseIntrospection;

pub const INTROSPECTION_REFUSED: &str = "GraphQL introspection is not allowed, but the query contained __schema or __type";

impl ExtensionFactory for RefuseIntrospection {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RefuseIntrospection)
    }
}

#[async_trait::async_trait]
impl Extension for RefuseIntrospection {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let introspects = document
            .operations
            .iter()
            .any(|(_, operation)| introspects(&document, &operation.node.selection_set.node, 0));
        if introspects {
            return Err(ServerError::new(INTROSPECTION_REFUSED, None));
        }
        Ok(document)
    }
}

/// Whether a root selection set asks for `__schema` or `__type`, also through fragments.
fn introspects(document: &ExecutableDocument, selections: &SelectionSet, depth: usize) -> bool {
    depth < 32
        && selections.items.iter().any(|selection| match &selection.node {
            Selection::Field(field) => matches!(field.node.name.node.as_str(), "__schema" | "__type"),
            Selection::InlineFragment(fragment) => introspects(document, &fragment.node.selection_set.node, depth + 1),
            Selection::FragmentSpread(spread) => document
                .fragments
                .get(&spread.node.fragment_name.node)
                .is_some_and(|fragment| introspects(document, &fragment.node.selection_set.node, depth + 1)),
        })
}

/// A moment in time, as Railway sends it (RFC 3339 with milliseconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTime(pub String);

#[Scalar(name = "DateTime")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::String(s) => Ok(DateTime(s)),
            other => Err(async_graphql::InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

/// Someone who can see a project, as Railway's `ProjectMember`.
#[derive(SimpleObject, Debug, Clone)]
pub struct ProjectMember {
    pub avatar: Option<String>,
    pub email: String,
    pub id: String,
    pub name: Option<String>,
    pub role: ProjectRole,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectRole {
    Admin,
    Member,
    Viewer,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeploymentStatus {
    Building,
    Crashed,
    Deploying,
    Failed,
    Initializing,
    NeedsApproval,
    Queued,
    Removed,
    Removing,
    Skipped,
    Sleeping,
    Success,
    Waiting,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(rename_items = "lowercase")]
pub enum PluginType {
    Mongodb,
    Mysql,
    Postgresql,
    Redis,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluginStatus {
    Deprecated,
    Locked,
    Removed,
    Running,
    Stopped,
}

/// Request data that asks for the schema's next version (`Mode::NextSchema`): a field renamed
/// (`Project.description` → `Project.summary`), one removed (`User.avatar`), one added
/// (`Project.archived`), so that a client's schema diff has something to show.
#[derive(Debug, Clone, Copy)]
pub struct NextVersion;

fn in_first_version(ctx: &Context<'_>) -> bool {
    ctx.data_opt::<NextVersion>().is_none()
}

fn in_next_version(ctx: &Context<'_>) -> bool {
    ctx.data_opt::<NextVersion>().is_some()
}

#[derive(SimpleObject, Debug, Clone)]
pub struct User {
    pub id: ID,
    pub name: Option<String>,
    pub email: String,
    #[graphql(visible = "in_first_version")]
    pub avatar: Option<String>,
    pub created_at: DateTime,
}

#[derive(SimpleObject, Debug, Clone)]
#[graphql(complex)]
pub struct Project {
    pub id: ID,
    pub name: String,
    #[graphql(visible = "in_first_version")]
    pub description: Option<String>,
    pub created_at: DateTime,
    pub updated_at: DateTime,
    pub is_public: bool,
}

#[derive(SimpleObject, Debug, Clone)]
pub struct Environment {
    pub id: ID,
    pub name: String,
    pub project_id: String,
    pub created_at: DateTime,
    pub updated_at: DateTime,
}

/// A deployable part of a project: an app, a database or a worker. See
/// [Railway's guide to services](https://docs.railway.com/guides/services).
#[derive(SimpleObject, Debug, Clone)]
#[graphql(complex)]
pub struct Service {
    pub id: ID,
    pub name: String,
    pub icon: Option<String>,
    pub project_id: String,
    pub created_at: DateTime,
    pub updated_at: DateTime,
}

#[derive(SimpleObject, Debug, Clone)]
pub struct Deployment {
    pub id: ID,
    pub status: DeploymentStatus,
    pub created_at: DateTime,
    pub updated_at: DateTime,
    pub url: Option<String>,
    pub static_url: Option<String>,
    pub service_id: Option<String>,
    pub environment_id: String,
    pub project_id: String,
}

#[derive(SimpleObject, Debug, Clone)]
pub struct Plugin {
    pub id: ID,
    pub name: PluginType,
    pub friendly_name: String,
    pub status: PluginStatus,
    pub created_at: DateTime,
    #[graphql(skip)]
    pub project_id: String,
}

#[derive(SimpleObject, Debug, Clone)]
pub struct PageInfo {
    pub end_cursor: Option<String>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub start_cursor: Option<String>,
}

/// Relay-style pagination over a list; cursors are the nodes' ids.
fn paginate<T>(
    items: Vec<T>,
    id: impl Fn(&T) -> &ID,
    after: Option<String>,
    before: Option<String>,
    first: Option<i32>,
    last: Option<i32>,
) -> Result<(Vec<(String, T)>, PageInfo)> {
    let position = |cursor: &str| {
        items.iter().position(|item| id(item).as_str() == cursor).ok_or_else(|| Error::new("Invalid cursor"))
    };
    let mut start = match &after {
        Some(cursor) => position(cursor)? + 1,
        None => 0,
    };
    let mut end = match &before {
        Some(cursor) => position(cursor)?,
        None => items.len(),
    };
    end = end.max(start);
    if let Some(first) = first {
        let first = usize::try_from(first).map_err(|_| Error::new("first must not be negative"))?;
        end = end.min(start + first);
    }
    if let Some(last) = last {
        let last = usize::try_from(last).map_err(|_| Error::new("last must not be negative"))?;
        start = start.max(end.saturating_sub(last));
    }
    let has_previous_page = start > 0;
    let has_next_page = end < items.len();
    let edges: Vec<(String, T)> = items
        .into_iter()
        .skip(start)
        .take(end - start)
        .map(|item| (id(&item).to_string(), item))
        .collect();
    let page_info = PageInfo {
        start_cursor: edges.first().map(|(cursor, _)| cursor.clone()),
        end_cursor: edges.last().map(|(cursor, _)| cursor.clone()),
        has_next_page,
        has_previous_page,
    };
    Ok((edges, page_info))
}

/// Defines a Railway connection type and its edge type for one node type.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty) => {
        #[derive(SimpleObject)]
        pub struct $edge {
            pub cursor: String,
            pub node: $node,
        }

        #[derive(SimpleObject)]
        pub struct $connection {
            pub edges: Vec<$edge>,
            pub page_info: PageInfo,
        }

        impl $connection {
            fn page(items: Vec<$node>, page: PageArgs) -> Result<Self> {
                let (edges, page_info) = paginate(items, |node| &node.id, page.after, page.before, page.first, page.last)?;
                let edges = edges.into_iter().map(|(cursor, node)| $edge { cursor, node }).collect();
                Ok($connection { edges, page_info })
            }
        }
    };
}

struct PageArgs {
    after: Option<String>,
    before: Option<String>,
    first: Option<i32>,
    last: Option<i32>,
}

connection!(QueryProjectsConnection, QueryProjectsConnectionEdge, Project);
connection!(ProjectEnvironmentsConnection, ProjectEnvironmentsConnectionEdge, Environment);
connection!(ProjectServicesConnection, ProjectServicesConnectionEdge, Service);
connection!(ProjectPluginsConnection, ProjectPluginsConnectionEdge, Plugin);
connection!(ProjectDeploymentsConnection, ProjectDeploymentsConnectionEdge, Deployment);
connection!(ServiceDeploymentsConnection, ServiceDeploymentsConnectionEdge, Deployment);

fn store<'a>(ctx: &'a Context<'_>) -> std::sync::RwLockReadGuard<'a, Store> {
    ctx.data_unchecked::<SharedStore>().read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn caller(ctx: &Context<'_>) -> Caller {
    ctx.data_opt::<Caller>().cloned().unwrap_or(Caller::User)
}

fn not_authorized() -> Error {
    Error::new("Not Authorized")
}

/// The project `id` if the caller may see it.
fn visible_project(ctx: &Context<'_>, id: &str) -> Result<Project> {
    if let Caller::Project(allowed) = caller(ctx)
        && allowed != id
    {
        return Err(not_authorized());
    }
    store(ctx).project(id).cloned().ok_or_else(|| Error::new("Project not found"))
}

#[ComplexObject]
impl Project {
    /// What the project is for (the next version's name for `description`).
    #[graphql(visible = "in_next_version")]
    async fn summary(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The people who can see the project. The demo server takes 400 ms to look them up: ask for
    /// them in `... @defer { members { name role } }` to get the rest first.
    async fn members(&self, ctx: &Context<'_>) -> Vec<ProjectMember> {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let user = store(ctx).user.clone();
        vec![
            ProjectMember { id: user.id.to_string(), name: user.name, email: user.email, avatar: user.avatar, role: ProjectRole::Admin },
            ProjectMember {
                id: "5f0e2c1a-8b3d-4c7e-9a61-2d4f6b8e0b22".into(),
                name: Some("Grace Hopper".into()),
                email: "grace@example.com".into(),
                avatar: None,
                role: ProjectRole::Viewer,
            },
        ]
    }

    /// Whether the project is archived (new in the next version).
    #[graphql(visible = "in_next_version")]
    async fn archived(&self) -> bool {
        false
    }

    async fn environments(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<ProjectEnvironmentsConnection> {
        let items = store(ctx).environments.iter().filter(|e| e.project_id == *self.id).cloned().collect();
        ProjectEnvironmentsConnection::page(items, PageArgs { after, before, first, last })
    }

    async fn services(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<ProjectServicesConnection> {
        let items = store(ctx).services.iter().filter(|s| s.project_id == *self.id).cloned().collect();
        ProjectServicesConnection::page(items, PageArgs { after, before, first, last })
    }

    #[graphql(deprecation = "Plugins have been removed")]
    async fn plugins(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<ProjectPluginsConnection> {
        let items = store(ctx).plugins.iter().filter(|p| p.project_id == *self.id).cloned().collect();
        ProjectPluginsConnection::page(items, PageArgs { after, before, first, last })
    }

    #[graphql(deprecation = "Use environment.deployments for properly scoped access control")]
    async fn deployments(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<ProjectDeploymentsConnection> {
        let items = store(ctx).deployments.iter().filter(|d| d.project_id == *self.id).cloned().collect();
        ProjectDeploymentsConnection::page(items, PageArgs { after, before, first, last })
    }
}

#[ComplexObject]
impl Service {
    async fn deployments(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<ServiceDeploymentsConnection> {
        let items = store(ctx)
            .deployments
            .iter()
            .filter(|d| d.service_id.as_deref() == Some(self.id.as_str()))
            .cloned()
            .collect();
        ServiceDeploymentsConnection::page(items, PageArgs { after, before, first, last })
    }

    async fn project(&self, ctx: &Context<'_>) -> Result<Project> {
        visible_project(ctx, &self.project_id)
    }
}

pub struct Query;

#[Object]
impl Query {
    /// The user the token belongs to. Project tokens have none.
    async fn me(&self, ctx: &Context<'_>) -> Result<User> {
        match caller(ctx) {
            Caller::User => Ok(store(ctx).user.clone()),
            Caller::Project(_) => Err(not_authorized()),
        }
    }

    async fn projects(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<QueryProjectsConnection> {
        let caller = caller(ctx);
        let items = store(ctx)
            .projects
            .iter()
            .filter(|p| match &caller {
                Caller::User => true,
                Caller::Project(id) => p.id.as_str() == id,
            })
            .cloned()
            .collect();
        QueryProjectsConnection::page(items, PageArgs { after, before, first, last })
    }

    async fn project(&self, ctx: &Context<'_>, id: String) -> Result<Project> {
        visible_project(ctx, &id)
    }
}

#[derive(InputObject)]
pub struct PluginCreateInput {
    pub environment_id: Option<String>,
    pub friendly_name: Option<String>,
    pub name: String,
    pub project_id: String,
}

pub struct Mutation;

#[Object]
impl Mutation {
    /// Adds a database plugin to a project (kept in this server's memory).
    async fn plugin_create(&self, ctx: &Context<'_>, input: PluginCreateInput) -> Result<Plugin> {
        visible_project(ctx, &input.project_id)?;
        let name = match input.name.as_str() {
            "mongodb" => PluginType::Mongodb,
            "mysql" => PluginType::Mysql,
            "postgresql" => PluginType::Postgresql,
            "redis" => PluginType::Redis,
            other => return Err(Error::new(format!("Invalid plugin name: {other}"))),
        };
        let friendly_name = input.friendly_name.unwrap_or_else(|| match name {
            PluginType::Mongodb => "MongoDB".into(),
            PluginType::Mysql => "MySQL".into(),
            PluginType::Postgresql => "Postgres".into(),
            PluginType::Redis => "Redis".into(),
        });
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let mut store = ctx.data_unchecked::<SharedStore>().write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let plugin = Plugin {
            id: store.next_id(),
            name,
            friendly_name,
            status: PluginStatus::Running,
            created_at: DateTime(rfc3339(now)),
            project_id: input.project_id,
        };
        store.plugins.push(plugin.clone());
        Ok(plugin)
    }
}
