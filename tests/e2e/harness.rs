//! The fixture that drives the real app window: its own Xvfb display, `tauri-driver` in front of
//! WebKitWebDriver, a fresh home per app, screenshots at each step, and waits with deadlines.
//!
//! Nothing is mocked: the binary is the one cargo just built (`CARGO_BIN_EXE_sextant-app`), which
//! serves the bundled `ui/dist`, and the keychain is the Secret Service of `scripts/with-keyring`.

use fantoccini::actions::{InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tempfile::TempDir;
use tokio::sync::{Mutex, MutexGuard};

/// The app under test, built by cargo before this test binary.
pub const APP_BINARY: &str = env!("CARGO_BIN_EXE_sextant-app");

/// How long a step may take before the test fails, unless it says otherwise.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// Starting the app (WebKit's processes, the page, the demo schema) takes longer than a step.
const START_DEADLINE: Duration = Duration::from_secs(60);

/// One WebDriver command that does not answer within this is a hung app, not a slow one.
const COMMAND_DEADLINE: Duration = Duration::from_secs(60);

/// How often a condition is checked again while waiting for it.
const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// One app at a time: the machine has two cores, and an app is three WebKit processes.
static ONE_APP_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// Variables of the test's own environment that the app must not see: they would send it to other
/// directories, another keychain service, or through a proxy of the person's.
const REDIRECTING_VARIABLES: [&str; 12] = [
    "SEXTANT_CONFIG_DIR",
    "SEXTANT_CACHE_DIR",
    "SEXTANT_STATE_DIR",
    "SEXTANT_KEYCHAIN_SERVICE",
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

/// What a test gives the app's environment besides its fresh home: proxies, a certificate file,
/// and the app's command-line arguments (`sextant-app DIR` opens a project folder).
#[derive(Debug, Clone, Default)]
pub struct AppEnvironment {
    pub variables: Vec<(String, String)>,
    pub args: Vec<String>,
}

/// A running app window under WebDriver. Dropping it ends the app, tauri-driver and Xvfb, also when
/// the test panics; `close` first ends the session the polite way.
pub struct App {
    client: Option<Client>,
    /// The WebDriver session of `client`, for ending it from `Drop` (which cannot await).
    session_id: Option<String>,
    test_name: String,
    screenshots: PathBuf,
    n_screenshots: AtomicUsize,
    home: Option<TempDir>,
    /// The app's command-line arguments, at every start.
    args: Vec<String>,
    /// The keychain service name of the app's tokens: its own, in the private test keyring.
    keychain_service: String,
    driver: Child,
    driver_port: u16,
    xvfb: Child,
    /// The private X display (`:N`) the app runs on.
    display: String,
    // Last: released after `Drop::drop` has ended every process.
    _one_at_a_time: MutexGuard<'static, ()>,
}

/// The fresh directories an app gets instead of the person's own.
#[derive(Debug, Clone, Copy)]
enum HomeDir {
    Home,
    Config,
    Data,
    Cache,
    State,
    Runtime,
    Temporary,
}

impl HomeDir {
    /// Everywhere the app may write: all under one temporary folder, all searched for secrets.
    const ALL: [HomeDir; 7] =
        [HomeDir::Home, HomeDir::Config, HomeDir::Data, HomeDir::Cache, HomeDir::State, HomeDir::Runtime, HomeDir::Temporary];

    fn variable(self) -> &'static str {
        match self {
            HomeDir::Home => "HOME",
            HomeDir::Config => "XDG_CONFIG_HOME",
            HomeDir::Data => "XDG_DATA_HOME",
            HomeDir::Cache => "XDG_CACHE_HOME",
            HomeDir::State => "XDG_STATE_HOME",
            HomeDir::Runtime => "XDG_RUNTIME_DIR",
            HomeDir::Temporary => "TMPDIR",
        }
    }

    fn folder(self) -> &'static str {
        match self {
            HomeDir::Home => "home",
            HomeDir::Config => "config",
            HomeDir::Data => "data",
            HomeDir::Cache => "cache",
            HomeDir::State => "state",
            HomeDir::Runtime => "runtime",
            HomeDir::Temporary => "tmp",
        }
    }
}

impl App {
    /// Starts Xvfb, tauri-driver and the app with a fresh home. `test_name` names the screenshot folder.
    pub async fn start(test_name: &str) -> App {
        Self::start_with(test_name, AppEnvironment::default()).await
    }

    /// [`App::start`], with variables added to the app's environment.
    pub async fn start_with(test_name: &str, environment: AppEnvironment) -> App {
        static N_APPS: AtomicUsize = AtomicUsize::new(0);
        let guard = ONE_APP_AT_A_TIME.lock().await;
        require_environment();
        let screenshots = target_dir().join("e2e-screenshots").join(test_name);
        let _ = fs::remove_dir_all(&screenshots);
        fs::create_dir_all(&screenshots).expect("the screenshot folder can be created");

        let home = tempfile::Builder::new().prefix("sextant-e2e-").tempdir().expect("a temporary home");
        for dir in HomeDir::ALL {
            fs::create_dir_all(home.path().join(dir.folder())).expect("a folder in the temporary home");
        }
        // XDG_RUNTIME_DIR must be private to its user.
        fs::set_permissions(home.path().join(HomeDir::Runtime.folder()), std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .expect("the runtime folder is made private");
        let keychain_service = format!("sextant-e2e-{}-{}", std::process::id(), N_APPS.fetch_add(1, Ordering::Relaxed));

        let (xvfb, display) = start_xvfb(&screenshots).await;
        let driver_port = free_port();
        let native_port = free_port();
        let driver_log = File::create(screenshots.join("tauri-driver.log")).expect("the driver log can be created");
        let mut command = Command::new("tauri-driver");
        command
            .args(["--port", &driver_port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null())
            .stdout(driver_log.try_clone().unwrap())
            .stderr(driver_log)
            // Its own process group, so that WebKitWebDriver and the app end with it.
            .process_group(0);
        for dir in HomeDir::ALL {
            command.env(dir.variable(), home.path().join(dir.folder()));
        }
        for variable in REDIRECTING_VARIABLES {
            command.env_remove(variable);
        }
        command.env("SEXTANT_KEYCHAIN_SERVICE", &keychain_service);
        command.envs(environment.variables.iter().map(|(name, value)| (name, value)));
        let driver = command.spawn().unwrap_or_else(|error| {
            panic!("tauri-driver could not be started ({error}): run scripts/setup, which installs it into ~/.cargo/bin, and put ~/.cargo/bin on PATH")
        });

        let mut app = App {
            client: None,
            session_id: None,
            test_name: test_name.to_string(),
            screenshots,
            n_screenshots: AtomicUsize::new(0),
            home: Some(home),
            args: environment.args.clone(),
            keychain_service,
            driver,
            driver_port,
            xvfb,
            display: display.clone(),
            _one_at_a_time: guard,
        };
        app.wait_for_ports([driver_port, native_port]).await;
        app.connect().await;
        app
    }

    /// Ends the app and starts it again with the same home (configuration, data, keychain entries).
    /// First waits until no tab write is on its way to the store (a person closing the window a
    /// moment after an edit is `kill_and_restart`'s case, with its own promise).
    pub async fn restart(&mut self) {
        self.wait_for_tab_writes().await;
        self.end_session().await;
        self.connect().await;
    }

    /// Waits until the page's tab writes (`data-tab-writes` on the root element) have all landed.
    pub async fn wait_for_tab_writes(&self) {
        self.wait_until("the tabs' writes to the store", DEADLINE, async || {
            let writes = self.script("return document.documentElement.dataset.tabWrites ?? '0'", vec![]).await;
            if writes == "0" { Ok(()) } else { Err(format!("{writes} on their way")) }
        })
        .await;
    }

    /// Kills the app with SIGKILL (no chance to save anything), then starts it again with the same
    /// home, as after a crash or a power cut.
    pub async fn kill_and_restart(&mut self) {
        let pids = self.app_processes();
        assert!(!pids.is_empty(), "[{}] the app's process is found to kill", self.test_name);
        for pid in &pids {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
        self.wait_until("the killed app to be gone", DEADLINE, async || {
            let left = self.app_processes();
            if left.is_empty() { Ok(()) } else { Err(format!("processes {left:?} still run")) }
        })
        .await;
        // Its session died with it; ending it frees the driver's one session for the next app.
        self.session_id = None;
        if let Some(client) = self.client.take() {
            let _ = within(COMMAND_DEADLINE, "ending the killed app's session", client.close()).await;
        }
        self.connect().await;
    }

    /// The app's processes started by this test: its binary, with this test's keychain service.
    fn app_processes(&self) -> Vec<u32> {
        let wanted = format!("SEXTANT_KEYCHAIN_SERVICE={}", self.keychain_service).into_bytes();
        let binary = fs::canonicalize(APP_BINARY).unwrap_or_else(|_| PathBuf::from(APP_BINARY));
        let Ok(entries) = fs::read_dir("/proc") else { return Vec::new() };
        entries
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                let exe = fs::read_link(format!("/proc/{pid}/exe")).ok();
                let environ = fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
                exe.as_deref() == Some(binary.as_path()) && environ.split(|byte| *byte == 0).any(|variable| variable == wanted.as_slice())
            })
            .collect()
    }

    /// `restart`, answering when the new app was asked to start, in Unix milliseconds (what the
    /// page's `interactiveAtUnixMs` mark is compared with). For the app benchmark (bench/window).
    #[allow(dead_code)]
    pub async fn restart_timed(&mut self) -> f64 {
        self.wait_for_tab_writes().await;
        self.end_session().await;
        let asked = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        self.connect().await;
        asked.as_secs_f64() * 1000.0
    }

    /// Ends the session (which closes the app window) before the rest is stopped, and hands over
    /// the app's temporary home for checks of what it left behind (dropping it removes it).
    pub async fn close(mut self) -> TempDir {
        self.end_session().await;
        self.home.take().expect("the home is kept until the app is closed")
    }

    async fn end_session(&mut self) {
        self.session_id = None;
        if let Some(client) = self.client.take() {
            within(COMMAND_DEADLINE, "ending the WebDriver session", client.close())
                .await
                .expect("the WebDriver session ends");
        }
    }

    async fn wait_for_ports(&mut self, ports: [u16; 2]) {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.driver.try_wait() {
                panic!("tauri-driver exited with {status} before accepting connections; see {}", self.driver_log().display());
            }
            if ports.iter().all(|port| TcpStream::connect((Ipv4Addr::LOCALHOST, *port)).is_ok()) {
                return;
            }
            if started.elapsed() > DEADLINE {
                panic!(
                    "tauri-driver did not accept connections on ports {ports:?} within {DEADLINE:?}; see {}",
                    self.driver_log().display()
                );
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    async fn connect(&mut self) {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("tauri:options".into(), json!({ "application": APP_BINARY, "args": self.args }));
        let mut builder = ClientBuilder::rustls().expect("a WebDriver client");
        builder.capabilities(capabilities);
        let url = format!("http://127.0.0.1:{}", self.driver_port);
        let client = within(START_DEADLINE, "starting the app through WebDriver", builder.connect(&url))
            .await
            .unwrap_or_else(|error| panic!("the app did not start under WebDriver: {error}; see {}", self.driver_log().display()));
        self.session_id = within(COMMAND_DEADLINE, "the session id", client.session_id()).await.ok().flatten();
        self.client = Some(client);
        self.wait_for("#query-input", START_DEADLINE).await;
    }

    fn driver_log(&self) -> PathBuf {
        self.screenshots.join("tauri-driver.log")
    }

    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("the app is running")
    }

    /// The token `secret-tool` (a libsecret client of its own) finds in the keychain for the profile
    /// `name` bound to `origin`, if any.
    pub fn keychain_token(&self, name: &str, origin: &str) -> Option<String> {
        let account = format!("{name}@{origin}");
        let output = Command::new("secret-tool")
            .args(["lookup", "service", &self.keychain_service, "username", &account])
            .output()
            .expect("secret-tool runs (Debian package libsecret-tools)");
        let token = String::from_utf8_lossy(&output.stdout).into_owned();
        (output.status.success() && !token.is_empty()).then_some(token)
    }

    /// The temporary folder that holds the app's home and its configuration, data, cache and state folders.
    pub fn home_root(&self) -> &Path {
        self.home.as_ref().expect("the home is kept until the app is closed").path()
    }

    /// Saves a screenshot of the window as `target/e2e-screenshots/<test>/<NN>-<name>.png`.
    pub async fn shot(&self, name: &str) {
        let number = self.n_screenshots.fetch_add(1, Ordering::Relaxed) + 1;
        let path = self.screenshots.join(format!("{number:02}-{name}.png"));
        match within(COMMAND_DEADLINE, "taking a screenshot", self.client().screenshot()).await {
            Ok(png) => {
                fs::write(&path, png).expect("the screenshot can be written");
                println!("[{}] screenshot {}", self.test_name, path.display());
            }
            Err(error) => println!("[{}] no screenshot {name}: {error}", self.test_name),
        }
    }

    /// Waits until `check` gives a value, polling; on the deadline, takes a screenshot and fails with
    /// `what` and the last thing `check` reported instead.
    pub async fn wait_until<T>(&self, what: &str, deadline: Duration, mut check: impl AsyncFnMut() -> Result<T, String>) -> T {
        let started = Instant::now();
        loop {
            let last = match check().await {
                Ok(value) => return value,
                Err(last) => last,
            };
            if started.elapsed() > deadline {
                self.shot("timed-out").await;
                panic!("[{}] waited {deadline:?} for {what}; last seen: {last}", self.test_name);
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Awaits a WebDriver command; an error or a WebDriver that does not answer fails the test,
    /// naming `what`. No helper reads an error as "no" or "nothing": a check that cannot be made
    /// is a failure, never a pass.
    async fn command<T>(&self, what: &str, future: impl Future<Output = Result<T, fantoccini::error::CmdError>>) -> T {
        match tokio::time::timeout(COMMAND_DEADLINE, future).await {
            Ok(Ok(value)) => value,
            Ok(Err(error)) => {
                panic!("[{}] WebDriver failed on {what}: {error}", self.test_name)
            }
            Err(_) => panic!("[{}] WebDriver did not answer {what} within {COMMAND_DEADLINE:?}", self.test_name),
        }
    }

    /// The first element that matches `css`; `None` only when there is none.
    pub async fn find(&self, css: &str) -> Option<Element> {
        match tokio::time::timeout(COMMAND_DEADLINE, self.client().find(Locator::Css(css))).await {
            Ok(Ok(element)) => Some(element),
            Ok(Err(error)) if error.is_no_such_element() => None,
            Ok(Err(error)) => panic!("[{}] WebDriver failed to look for {css}: {error}", self.test_name),
            Err(_) => panic!("[{}] WebDriver did not answer the search for {css} within {COMMAND_DEADLINE:?}", self.test_name),
        }
    }

    /// Every element that matches `css`.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.command(css, self.client().find_all(Locator::Css(css))).await
    }

    /// Whether an element matches `css`.
    pub async fn exists(&self, css: &str) -> bool {
        !self.find_all(css).await.is_empty()
    }

    /// Waits until an element matches `css` and is displayed.
    pub async fn wait_for(&self, css: &str, deadline: Duration) -> Element {
        self.wait_until(&format!("{css} to be displayed"), deadline, async || match self.find(css).await {
            None => Err("no such element".into()),
            Some(element) => match tokio::time::timeout(COMMAND_DEADLINE, element.is_displayed()).await {
                Ok(Ok(true)) => Ok(element),
                Ok(Ok(false)) => Err("present but not displayed".into()),
                // Replaced between the search and the question: look again.
                Ok(Err(error)) if error.is_stale_element_reference() => Err("replaced while looked at".into()),
                Ok(Err(error)) => panic!("[{}] WebDriver failed on {css}: {error}", self.test_name),
                Err(_) => panic!("[{}] WebDriver did not answer for {css} within {COMMAND_DEADLINE:?}", self.test_name),
            },
        })
        .await
    }

    /// The element with this id; fails the test at once when the page has none (a missing part of the UI).
    pub async fn by_id(&self, id: &str) -> Element {
        match self.find(&format!("#{id}")).await {
            Some(element) => element,
            None => {
                self.shot(&format!("no-{id}")).await;
                panic!("[{}] the page has no #{id}; see ui/index.html and the DOM contract", self.test_name)
            }
        }
    }

    /// The `textContent` of the element with this id (also when it is hidden).
    pub async fn text_of(&self, id: &str) -> String {
        self.text_content(&self.by_id(id).await).await
    }

    pub async fn text_content(&self, element: &Element) -> String {
        self.command("textContent", element.prop("textContent")).await.unwrap_or_default()
    }

    /// An attribute of the element with this id; `None` when the element does not have it.
    pub async fn attr_of(&self, id: &str, attribute: &str) -> Option<String> {
        self.command(&format!("#{id}[{attribute}]"), self.by_id(id).await.attr(attribute)).await
    }

    /// A property of the element with this id, such as `value`.
    pub async fn prop_of(&self, id: &str, property: &str) -> Option<String> {
        self.command(&format!("#{id}.{property}"), self.by_id(id).await.prop(property)).await
    }

    pub async fn is_displayed(&self, id: &str) -> bool {
        self.command(&format!("whether #{id} is displayed"), self.by_id(id).await.is_displayed()).await
    }

    pub async fn is_enabled(&self, id: &str) -> bool {
        self.command(&format!("whether #{id} is enabled"), self.by_id(id).await.is_enabled()).await
    }

    /// Clicks the element with this id once it is displayed and enabled.
    pub async fn click(&self, id: &str) {
        let css = format!("#{id}");
        self.wait_until(&format!("{css} to be clickable"), DEADLINE, async || {
            match (self.is_displayed(id).await, self.is_enabled(id).await) {
                (true, true) => Ok(()),
                state => Err(format!("displayed, enabled: {state:?}")),
            }
        })
        .await;
        within(COMMAND_DEADLINE, &css, self.by_id(id).await.click())
            .await
            .unwrap_or_else(|error| panic!("[{}] clicking {css}: {error}", self.test_name));
    }

    /// Chooses an option of a `<select>` by its value (this fires `change`).
    pub async fn select(&self, id: &str, value: &str) {
        let select = self.wait_for(&format!("#{id}"), DEADLINE).await;
        within(COMMAND_DEADLINE, id, select.select_by_value(value))
            .await
            .unwrap_or_else(|error| panic!("[{}] choosing {value:?} in #{id}: {error}", self.test_name));
    }

    /// Replaces the text of an `<input>` and commits it with Enter (which fires `change`).
    pub async fn fill(&self, id: &str, text: &str) {
        let input = self.wait_for(&format!("#{id}"), DEADLINE).await;
        within(COMMAND_DEADLINE, id, input.clear()).await.unwrap_or_else(|error| panic!("clearing #{id}: {error}"));
        within(COMMAND_DEADLINE, id, input.send_keys(text)).await.unwrap_or_else(|error| panic!("typing into #{id}: {error}"));
    }

    /// Presses keys one after the other, holding `modifiers` down meanwhile (real key events).
    pub async fn press(&self, modifiers: &[Key], keys: &[Key]) {
        let char_of = |key: &Key| key.chars().next().expect("a key is one character");
        let mut actions = KeyActions::new("keyboard".into());
        for modifier in modifiers {
            actions = actions.then(KeyAction::Down { value: char_of(modifier) });
        }
        for key in keys {
            actions = actions.then(KeyAction::Down { value: char_of(key) }).then(KeyAction::Up { value: char_of(key) });
        }
        for modifier in modifiers.iter().rev() {
            actions = actions.then(KeyAction::Up { value: char_of(modifier) });
        }
        within(COMMAND_DEADLINE, "key actions", self.client().perform_actions(actions))
            .await
            .unwrap_or_else(|error| panic!("[{}] pressing {modifiers:?} + {keys:?}: {error}", self.test_name));
    }

    /// Presses Ctrl+`letter` (for example `a` to select all).
    pub async fn press_ctrl(&self, letter: char) {
        self.press_with(&[Key::Control], letter).await;
    }

    /// Presses `letter` with `modifiers` held (Ctrl+Shift+D, say).
    pub async fn press_with(&self, modifiers: &[Key], letter: char) {
        let mut actions = KeyActions::new("keyboard".into());
        for modifier in modifiers {
            actions = actions.then(KeyAction::Down { value: char_of(*modifier) });
        }
        actions = actions.then(KeyAction::Down { value: letter }).then(KeyAction::Up { value: letter });
        for modifier in modifiers.iter().rev() {
            actions = actions.then(KeyAction::Up { value: char_of(*modifier) });
        }
        within(COMMAND_DEADLINE, "key actions", self.client().perform_actions(actions))
            .await
            .unwrap_or_else(|error| panic!("[{}] pressing {modifiers:?} + {letter}: {error}", self.test_name));
    }

    /// Clicks `element` `clicks` times with the left button (2: a double-click), `x` and `y` px from
    /// its top left corner (a word there is selected by a double-click).
    pub async fn click_at(&self, element: &Element, x: f64, y: f64, clicks: usize) {
        let (_, _, width, height) = within(COMMAND_DEADLINE, "the element's rectangle", element.rectangle())
            .await
            .unwrap_or_else(|error| panic!("[{}] reading an element's rectangle: {error}", self.test_name));
        // (WebDriver places the pointer from the element's middle.)
        let to = PointerAction::MoveToElement { element: element.clone(), duration: None, x: x - width / 2.0, y: y - height / 2.0 };
        let mut actions = MouseActions::new("mouse".into()).then(to);
        for _ in 0..clicks {
            actions = actions.then(PointerAction::Down { button: MOUSE_BUTTON_LEFT }).then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
        }
        within(COMMAND_DEADLINE, "pointer actions", self.client().perform_actions(actions))
            .await
            .unwrap_or_else(|error| panic!("[{}] clicking {clicks}×: {error}", self.test_name));
    }

    /// Moves the mouse over the middle of `element` (hover tooltips).
    pub async fn hover(&self, element: &Element) {
        let actions = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: element.clone(),
            duration: Some(Duration::from_millis(100)),
            x: 0.0,
            y: 0.0,
        });
        within(COMMAND_DEADLINE, "pointer actions", self.client().perform_actions(actions))
            .await
            .unwrap_or_else(|error| panic!("[{}] moving the mouse: {error}", self.test_name));
    }

    /// Replaces the text of the editor whose content element has this id (`headers-input`,
    /// `variables-input`) by typing, and waits until it holds exactly `text`.
    pub async fn set_editor_text_of(&self, content_id: &str, text: &str) {
        let editor = self.wait_for(&format!("#{content_id}"), DEADLINE).await;
        within(COMMAND_DEADLINE, content_id, editor.click())
            .await
            .unwrap_or_else(|error| panic!("[{}] clicking #{content_id}: {error}", self.test_name));
        self.press_ctrl('a').await;
        self.press(&[], &[Key::Backspace]).await;
        self.type_at_cursor(text).await;
        self.wait_until(&format!("#{content_id} to hold {text:?}"), DEADLINE, async || {
            let now = self.editor_text_of(content_id).await;
            if now == text { Ok(()) } else { Err(format!("{now:?}")) }
        })
        .await;
    }

    /// The text of the editor whose content element has this id, read from its lines on screen.
    pub async fn editor_text_of(&self, content_id: &str) -> String {
        let script = "const lines = document.querySelectorAll(`#${arguments[0]} .cm-line`);\
                      return Array.from(lines, (line) => line.textContent).join('\\n');";
        self.script(script, vec![content_id.into()]).await.as_str().unwrap_or_default().to_string()
    }

    /// Focuses the query editor by clicking into it.
    pub async fn focus_editor(&self) -> Element {
        let editor = self.wait_for("#query-input", DEADLINE).await;
        within(COMMAND_DEADLINE, "#query-input", editor.click())
            .await
            .unwrap_or_else(|error| panic!("[{}] clicking the query editor: {error}", self.test_name));
        editor
    }

    /// Types into the query editor at its cursor, as key events (CodeMirror reacts to real keys).
    pub async fn type_in_editor(&self, text: &str) {
        let editor = self.focus_editor().await;
        within(COMMAND_DEADLINE, "#query-input", editor.send_keys(text))
            .await
            .unwrap_or_else(|error| panic!("[{}] typing {text:?} into the query editor: {error}", self.test_name));
    }

    /// Types `text` into the focused element as key events, leaving the cursor where it is.
    pub async fn type_at_cursor(&self, text: &str) {
        let focused = within(COMMAND_DEADLINE, "the focused element", self.client().active_element())
            .await
            .unwrap_or_else(|error| panic!("[{}] finding the focused element: {error}", self.test_name));
        within(COMMAND_DEADLINE, "the focused element", focused.send_keys(text))
            .await
            .unwrap_or_else(|error| panic!("[{}] typing {text:?}: {error}", self.test_name));
    }

    /// Selects everything in the query editor and types `text` over it; waits until the editor holds
    /// exactly `text` (brackets closed by the editor are typed over, as a person does).
    pub async fn set_editor_text(&self, text: &str) {
        self.clear_editor().await;
        self.type_in_editor(text).await;
        self.wait_until(&format!("the query editor to hold {text:?}"), DEADLINE, async || {
            let now = self.editor_text().await;
            if now == text { Ok(()) } else { Err(format!("{now:?}")) }
        })
        .await;
    }

    /// Empties the query editor with Ctrl+A and Backspace.
    pub async fn clear_editor(&self) {
        self.focus_editor().await;
        self.press_ctrl('a').await;
        self.press(&[], &[Key::Backspace]).await;
        self.wait_until("the query editor to be empty", DEADLINE, async || {
            let now = self.editor_text().await;
            if now.is_empty() { Ok(()) } else { Err(format!("{now:?}")) }
        })
        .await;
    }

    /// The query editor's document, read from its lines on screen (the whole of a short document).
    pub async fn editor_text(&self) -> String {
        let script = "const lines = document.querySelectorAll('#query-input .cm-line');\
                      return Array.from(lines, (line) => line.textContent).join('\\n');";
        self.script(script, vec![]).await.as_str().unwrap_or_default().to_string()
    }

    /// Runs `script` in the page (`return` gives the value back).
    pub async fn script(&self, script: &str, args: Vec<Value>) -> Value {
        within(COMMAND_DEADLINE, "a script in the page", self.client().execute(script, args))
            .await
            .unwrap_or_else(|error| panic!("[{}] running a script in the page: {error}\n{script}", self.test_name))
    }

    /// The labels of the completion list on screen, in order, and the selected one.
    pub async fn completion_labels(&self) -> (Vec<String>, Option<String>) {
        let script = "const items = document.querySelectorAll('.cm-tooltip-autocomplete li');\
                      const label = (li) => (li.querySelector('.cm-completionLabel') || li).textContent;\
                      const selected = Array.from(items).find((li) => li.getAttribute('aria-selected') === 'true');\
                      return [Array.from(items, label), selected ? label(selected) : null];";
        let answer = self.script(script, vec![]).await;
        let labels = answer[0].as_array().map(|labels| labels.iter().filter_map(|l| l.as_str().map(String::from)).collect());
        (labels.unwrap_or_default(), answer[1].as_str().map(String::from))
    }

    /// Waits until the completion list shows every label in `wanted`; returns all labels shown.
    pub async fn wait_for_completions(&self, wanted: &[&str]) -> Vec<String> {
        self.wait_until(&format!("the completion list to offer {wanted:?}"), DEADLINE, async || {
            let (labels, _) = self.completion_labels().await;
            if wanted.iter().all(|w| labels.iter().any(|l| l == w)) { Ok(labels) } else { Err(format!("{labels:?}")) }
        })
        .await
    }

    /// Moves the completion list's selection to `label` with the arrow keys and accepts it with Enter.
    pub async fn accept_completion(&self, label: &str) {
        let labels = self.wait_for_completions(&[label]).await;
        for _ in 0..labels.len() {
            let (_, selected) = self.completion_labels().await;
            if selected.as_deref() == Some(label) {
                self.press(&[], &[Key::Enter]).await;
                return;
            }
            self.press(&[], &[Key::Down]).await;
        }
        panic!("[{}] could not select {label:?} in the completion list {labels:?}", self.test_name);
    }

    /// Resizes the window to `width`×`height` (CSS pixels) and waits until the page has been laid
    /// out at that size.
    pub async fn resize(&self, width: u32, height: u32) {
        within(COMMAND_DEADLINE, "resizing the window", self.client().set_window_size(width, height))
            .await
            .unwrap_or_else(|error| panic!("[{}] resizing the window to {width}×{height}: {error}", self.test_name));
        self.wait_until(&format!("the page to be {width} px wide"), DEADLINE, async || {
            let inner = self.script("return [window.innerWidth, window.innerHeight]", vec![]).await;
            // The window manager's decorations (none under Xvfb) may take a little of the height.
            match (inner[0].as_u64(), inner[1].as_u64()) {
                (Some(w), Some(h)) if w == u64::from(width) && h + 60 >= u64::from(height) && h <= u64::from(height) => Ok(()),
                _ => Err(format!("inner size {inner}")),
            }
        })
        .await;
    }

    /// The element with this id's box on screen: (left, top, width, height) in CSS pixels.
    pub async fn rect_of(&self, id: &str) -> (f64, f64, f64, f64) {
        let rect = self
            .script("const r = document.getElementById(arguments[0]).getBoundingClientRect(); return [r.left, r.top, r.width, r.height];", vec![id.into()])
            .await;
        let n = |i: usize| rect[i].as_f64().unwrap_or(f64::NAN);
        (n(0), n(1), n(2), n(3))
    }

    /// The text on the app's X clipboard (CLIPBOARD selection), read with xclip; empty while nobody owns it.
    pub fn clipboard_text(&self) -> String {
        // Answers at once (xclip asks the owner, the app, which serves it from its own thread).
        let output = Command::new("xclip")
            .args(["-selection", "clipboard", "-o"])
            .env("DISPLAY", &self.display)
            .output()
            .unwrap_or_else(|error| panic!("xclip could not be run ({error}): run scripts/setup (Debian package xclip)"));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Every file under the app's temporary home whose bytes contain `needle`.
    pub fn files_containing(&self, needle: &str) -> Vec<PathBuf> {
        files_containing(self.home_root(), needle)
    }
}

/// Every file under `root` whose bytes contain `needle`.
pub fn files_containing(root: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut n_files = 0;
    walk(root, &mut |path| {
        n_files += 1;
        if let Ok(bytes) = fs::read(path)
            && bytes.windows(needle.len()).any(|window| window == needle.as_bytes())
        {
            found.push(path.to_path_buf());
        }
    });
    println!("searched {n_files} files under {}", root.display());
    assert!(n_files > 0, "the app wrote no file at all under {}: is it using another home?", root.display());
    found
}

impl Drop for App {
    fn drop(&mut self) {
        // A test that failed did not close the app: end its session with a plain blocking request
        // (Drop cannot await), which closes the window. Then tauri-driver's process group goes,
        // which takes WebKitWebDriver and whatever of the app is left with it.
        if let Some(session_id) = self.session_id.take() {
            delete_session(self.driver_port, &session_id);
        }
        let group = self.driver.id();
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{group}")]).status();
        // Whatever the test stored in the keychain goes with it.
        let _ = Command::new("secret-tool").args(["clear", "service", &self.keychain_service]).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// `DELETE /session/{id}` to the WebDriver server on `port`, waiting a bounded time for its answer.
fn delete_session(port: u16, session_id: &str) {
    use std::io::{Read, Write};
    let Ok(mut stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)) else { return };
    let _ = stream.set_read_timeout(Some(COMMAND_DEADLINE));
    let _ = stream.set_write_timeout(Some(DEADLINE));
    let request = format!(
        "DELETE /session/{session_id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
    }
}

fn char_of(key: Key) -> char {
    key.chars().next().expect("a key is one character")
}

/// Fails at once, with what to do, when the environment cannot run the app.
fn require_environment() {
    if std::env::var("SEXTANT_TEST_KEYRING").as_deref() != Ok("private") {
        panic!(
            "the end-to-end tests store tokens, and only in a private, throwaway keyring: run them under \
             scripts/with-keyring (a private bus with an unlocked keyring): scripts/with-keyring cargo test -p sextant-app --test e2e"
        );
    }
    for (tool, package) in [("tauri-driver", "cargo install tauri-driver --locked"), ("WebKitWebDriver", "Debian package webkit2gtk-driver"), ("Xvfb", "Debian package xvfb")] {
        if !on_path(tool) {
            panic!("{tool} is not on PATH: run scripts/setup ({package}; ~/.cargo/bin must be on PATH)");
        }
    }
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
        .unwrap_or(false)
}

/// `target/` (or `CARGO_TARGET_DIR`): two levels above the app binary (`target/debug/sextant-app`).
fn target_dir() -> PathBuf {
    Path::new(APP_BINARY).ancestors().nth(2).expect("the app binary is in target/<profile>/").to_path_buf()
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).and_then(|listener| listener.local_addr()).expect("a free port").port()
}

/// Starts Xvfb on a display number it picks itself (`-displayfd`), and waits until it says which.
async fn start_xvfb(log_folder: &Path) -> (Child, String) {
    let log = File::create(log_folder.join("xvfb.log")).expect("the Xvfb log can be created");
    let mut xvfb = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|error| panic!("Xvfb could not be started ({error}): run scripts/setup (Debian package xvfb)"));
    let stdout = xvfb.stdout.take().expect("Xvfb's stdout is piped");
    // Xvfb writes the display number once it accepts clients; end of file means it exited.
    let read = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line.trim().to_string())
    });
    let number = match tokio::time::timeout(DEADLINE, read).await {
        Ok(Ok(Ok(number))) if !number.is_empty() => number,
        outcome => {
            let _ = xvfb.kill();
            panic!("Xvfb did not report a display ({outcome:?}); see {}", log_folder.join("xvfb.log").display())
        }
    };
    (xvfb, format!(":{number}"))
}

/// Calls `visit` for every regular file under `dir` (symbolic links are not followed).
fn walk(dir: &Path, visit: &mut impl FnMut(&Path)) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            walk(&entry.path(), visit);
        } else if kind.is_file() {
            visit(&entry.path());
        }
    }
}

/// Awaits `future`, or gives an error naming `what` after `deadline`.
async fn within<T, E: std::fmt::Display>(
    deadline: Duration,
    what: &str,
    future: impl Future<Output = Result<T, E>>,
) -> Result<T, String> {
    match tokio::time::timeout(deadline, future).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err(format!("{what}: no answer from WebDriver within {deadline:?}")),
    }
}

/// The number at the start of a text such as "42 types" or "1.5 MB".
pub fn leading_number(text: &str) -> Option<f64> {
    let number: String = text.trim().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    number.parse().ok()
}

/// A value that appears in no file and no page unless something leaked it: random per run.
pub fn unique_secret(prefix: &str) -> String {
    use std::hash::{BuildHasher, RandomState};
    let random = |salt: u64| RandomState::new().hash_one((salt, std::process::id(), Instant::now()));
    format!("{prefix}{:016x}{:016x}", random(1), random(2))
}

/// Asserts with a message that shows both sides.
pub fn assert_contains(haystack: &str, needle: &str, what: &str) {
    assert!(haystack.contains(needle), "{what}: expected {needle:?} in {haystack:?}");
}
