//! The sample data: a few projects with environments, services, deployments and plugins.
//! Ids and timestamps are constants so that tests and screenshots stay the same from run to run.

use crate::schema::{
    DateTime, Deployment, DeploymentStatus, Environment, Plugin, PluginStatus, PluginType, Project,
    Service, User,
};
use async_graphql::ID;

pub const DEMO_USER_ID: &str = "0b7c6f52-1d3e-4a8f-9e21-5c4d3b2a1f00";

pub const PROJECT_SHOP: &str = "5f0e2c1a-8b3d-4c7e-9a61-2d4f6b8e0a11";
pub const PROJECT_WEATHER: &str = "7a3d9e54-0c2b-4f18-8e6a-1b5c7d9f3e22";
pub const PROJECT_SANDBOX: &str = "9c4b1f83-6e2a-4d57-b0c9-3e8a2f6d4b33";

/// The in-memory state of one server: the sample data plus what `pluginCreate` added.
#[derive(Debug, Clone)]
pub struct Store {
    pub user: User,
    pub projects: Vec<Project>,
    pub environments: Vec<Environment>,
    pub services: Vec<Service>,
    pub deployments: Vec<Deployment>,
    pub plugins: Vec<Plugin>,
    created: u64,
}

impl Store {
    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id.as_str() == id)
    }

    /// A fresh id that looks like Railway's UUIDs and never repeats within one server.
    pub fn next_id(&mut self) -> ID {
        self.created += 1;
        ID(format!("00000000-0000-4000-8000-{:012x}", self.created))
    }

    pub fn sample() -> Store {
        let t = |s: &str| DateTime(s.to_string());
        let user = User {
            id: ID(DEMO_USER_ID.into()),
            name: Some("Demo User".into()),
            email: "demo@example.com".into(),
            avatar: Some("https://avatars.githubusercontent.com/u/0?v=4".into()),
            created_at: t("2023-11-02T09:15:00.000Z"),
        };
        let project = |id: &str, name: &str, description: Option<&str>, created: &str, updated: &str, public: bool| Project {
            id: ID(id.into()),
            name: name.into(),
            description: description.map(Into::into),
            created_at: t(created),
            updated_at: t(updated),
            is_public: public,
        };
        let projects = vec![
            project(
                PROJECT_SHOP,
                "acme-shop",
                Some("Storefront, API and a background worker"),
                "2024-01-15T10:00:00.000Z",
                "2024-06-03T16:42:10.000Z",
                false,
            ),
            project(
                PROJECT_WEATHER,
                "weather-bot",
                Some("Posts the forecast every morning"),
                "2024-02-20T08:30:00.000Z",
                "2024-05-28T07:00:05.000Z",
                false,
            ),
            project(PROJECT_SANDBOX, "sandbox", None, "2024-04-01T12:00:00.000Z", "2024-04-01T12:00:00.000Z", true),
        ];

        let environment = |id: &str, project: &str, name: &str, created: &str| Environment {
            id: ID(id.into()),
            name: name.into(),
            project_id: project.into(),
            created_at: t(created),
            updated_at: t(created),
        };
        let environments = vec![
            environment("e1a0c3d2-0001-4b6e-8f10-5f0e2c1a8b3d", PROJECT_SHOP, "production", "2024-01-15T10:00:00.000Z"),
            environment("e1a0c3d2-0002-4b6e-8f10-5f0e2c1a8b3d", PROJECT_SHOP, "staging", "2024-01-16T09:20:00.000Z"),
            environment("e2b1d4e3-0001-4c7f-9021-7a3d9e540c2b", PROJECT_WEATHER, "production", "2024-02-20T08:30:00.000Z"),
            environment("e3c2e5f4-0001-4d80-a132-9c4b1f836e2a", PROJECT_SANDBOX, "production", "2024-04-01T12:00:00.000Z"),
            environment("e3c2e5f4-0002-4d80-a132-9c4b1f836e2a", PROJECT_SANDBOX, "staging", "2024-04-01T12:00:01.000Z"),
        ];

        let service = |id: &str, project: &str, name: &str, icon: Option<&str>, created: &str| Service {
            id: ID(id.into()),
            name: name.into(),
            icon: icon.map(Into::into),
            project_id: project.into(),
            created_at: t(created),
            updated_at: t(created),
        };
        let services = vec![
            service(
                "5a1e0001-2b3c-4d5e-8f60-718293a4b5c6",
                PROJECT_SHOP,
                "api",
                Some("https://devicons.railway.app/i/nodejs.svg"),
                "2024-01-15T10:05:00.000Z",
            ),
            service(
                "5a1e0002-2b3c-4d5e-8f60-718293a4b5c6",
                PROJECT_SHOP,
                "web",
                Some("https://devicons.railway.app/i/react.svg"),
                "2024-01-15T10:06:00.000Z",
            ),
            service("5a1e0003-2b3c-4d5e-8f60-718293a4b5c6", PROJECT_SHOP, "worker", None, "2024-02-01T14:00:00.000Z"),
            service(
                "5a1e0004-2b3c-4d5e-8f60-718293a4b5c6",
                PROJECT_WEATHER,
                "bot",
                Some("https://devicons.railway.app/i/python.svg"),
                "2024-02-20T08:35:00.000Z",
            ),
        ];

        let shop_prod = "e1a0c3d2-0001-4b6e-8f10-5f0e2c1a8b3d";
        let shop_staging = "e1a0c3d2-0002-4b6e-8f10-5f0e2c1a8b3d";
        let weather_prod = "e2b1d4e3-0001-4c7f-9021-7a3d9e540c2b";
        let deployment = |id: &str, project: &str, service: &str, environment: &str, status, created: &str, domain: Option<&str>| Deployment {
            id: ID(id.into()),
            status,
            created_at: t(created),
            updated_at: t(created),
            url: domain.map(|d| format!("https://{d}")),
            static_url: domain.map(Into::into),
            service_id: Some(service.into()),
            environment_id: environment.into(),
            project_id: project.into(),
        };
        use DeploymentStatus::*;
        let api = "5a1e0001-2b3c-4d5e-8f60-718293a4b5c6";
        let web = "5a1e0002-2b3c-4d5e-8f60-718293a4b5c6";
        let worker = "5a1e0003-2b3c-4d5e-8f60-718293a4b5c6";
        let bot = "5a1e0004-2b3c-4d5e-8f60-718293a4b5c6";
        // Newest first, as Railway lists them.
        let deployments = vec![
            deployment("d0000001-aaaa-4bbb-8ccc-000000000001", PROJECT_SHOP, api, shop_prod, Building, "2024-06-03T16:42:10.000Z", None),
            deployment("d0000001-aaaa-4bbb-8ccc-000000000002", PROJECT_SHOP, api, shop_prod, Success, "2024-06-02T11:00:00.000Z", Some("api-production-1a2b.up.railway.app")),
            deployment("d0000001-aaaa-4bbb-8ccc-000000000003", PROJECT_SHOP, web, shop_prod, Success, "2024-06-01T09:30:00.000Z", Some("web-production-3c4d.up.railway.app")),
            deployment("d0000001-aaaa-4bbb-8ccc-000000000004", PROJECT_SHOP, api, shop_staging, Failed, "2024-05-31T18:12:00.000Z", None),
            deployment("d0000001-aaaa-4bbb-8ccc-000000000005", PROJECT_SHOP, worker, shop_prod, Sleeping, "2024-05-30T07:45:00.000Z", None),
            deployment("d0000001-aaaa-4bbb-8ccc-000000000006", PROJECT_SHOP, web, shop_staging, Removed, "2024-05-20T13:00:00.000Z", None),
            deployment("d0000002-aaaa-4bbb-8ccc-000000000001", PROJECT_WEATHER, bot, weather_prod, Crashed, "2024-05-28T07:00:05.000Z", None),
            deployment("d0000002-aaaa-4bbb-8ccc-000000000002", PROJECT_WEATHER, bot, weather_prod, Success, "2024-05-27T07:00:00.000Z", Some("bot-production-5e6f.up.railway.app")),
            deployment("d0000002-aaaa-4bbb-8ccc-000000000003", PROJECT_WEATHER, bot, weather_prod, Queued, "2024-05-26T07:00:00.000Z", None),
        ];

        let plugins = vec![
            Plugin {
                id: ID("b1a9e001-7c2d-4e3f-9a10-5f0e2c1a8b3d".into()),
                name: PluginType::Postgresql,
                friendly_name: "Postgres".into(),
                status: PluginStatus::Running,
                created_at: t("2024-01-15T10:10:00.000Z"),
                project_id: PROJECT_SHOP.into(),
            },
            Plugin {
                id: ID("b1a9e002-7c2d-4e3f-9a10-7a3d9e540c2b".into()),
                name: PluginType::Redis,
                friendly_name: "Redis".into(),
                status: PluginStatus::Stopped,
                created_at: t("2024-02-21T19:00:00.000Z"),
                project_id: PROJECT_WEATHER.into(),
            },
        ];

        Store { user, projects, environments, services, deployments, plugins, created: 0 }
    }
}

/// `seconds` since the Unix epoch as an RFC 3339 timestamp with milliseconds, like Railway's.
pub fn rfc3339(since_epoch: std::time::Duration) -> String {
    let secs = since_epoch.as_secs();
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since_epoch.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::rfc3339;
    use std::time::Duration;

    #[test]
    fn timestamps() {
        for (secs, millis, expected) in [
            (0, 0, "1970-01-01T00:00:00.000Z"),
            (951_782_400, 5, "2000-02-29T00:00:00.005Z"),
            (1_717_432_930, 123, "2024-06-03T16:42:10.123Z"),
        ] {
            assert_eq!(rfc3339(Duration::from_secs(secs) + Duration::from_millis(millis)), expected);
        }
    }
}
