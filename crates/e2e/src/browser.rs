//! Headless Chromium driven through chromedriver with fantoccini.
//!
//! Each [`Browser`] starts its own chromedriver on a free loopback port, in its own process
//! group. Dropping the browser ends that process group (chromedriver and the Chromium it
//! started) and nothing else, also when a test panics.

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::{DEADLINE, eventually};

/// One Chromium at a time: the machines that run these tests have two cores.
static BROWSER_SLOTS: Semaphore = Semaphore::const_new(1);

/// Chromium's command-line switches for headless runs as root on a closed network.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--force-device-scale-factor=1",
];

fn chromium_binary() -> String {
    std::env::var("CHROMIUM_BIN").unwrap_or_else(|_| "/usr/bin/chromium".to_owned())
}

fn chromedriver_binary() -> String {
    std::env::var("CHROMEDRIVER_BIN").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned())
}

/// A chromedriver child process, leader of its own process group.
struct ChromeDriver {
    child: Child,
    log_path: PathBuf,
}

impl ChromeDriver {
    fn spawn(port: u16, log_path: PathBuf) -> anyhow::Result<Self> {
        let binary = chromedriver_binary();
        let log = File::create(&log_path)
            .with_context(|| format!("Failed to create {}", log_path.display()))?;
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            // Its own group, so that Chromium (started by chromedriver) can be ended with it.
            .process_group(0)
            .spawn()
            .with_context(|| format!("Failed to start {binary}"))?;
        Ok(Self { child, log_path })
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    fn signal_group(&self, signal: &str) {
        // The group id is chromedriver's pid: only processes this harness started are in it.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args([signal, "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        self.signal_group("-TERM");
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.signal_group("-KILL");
        let _ = self.child.wait();
    }
}

/// A headless Chromium session.
pub struct Browser {
    client: Client,
    // Field order is drop order: the session handle, then the driver and its browser, then
    // the profile directory they used, then the slot.
    driver: ChromeDriver,
    _profile: TempDir,
    _slot: SemaphorePermit<'static>,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium whose viewport is `width`×`height`.
    pub async fn launch(width: u32, height: u32) -> anyhow::Result<Self> {
        let slot = BROWSER_SLOTS
            .acquire()
            .await
            .context("Browser slots closed")?;
        let profile = tempfile::tempdir().context("Failed to create a browser profile dir")?;
        let port = free_port()?;
        let driver = ChromeDriver::spawn(port, profile.path().join("chromedriver.log"))?;
        let driver_url = format!("http://127.0.0.1:{port}");
        wait_for_driver(&driver_url, &driver).await?;

        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|arg| (*arg).to_owned()).collect();
        args.push(format!(
            "--user-data-dir={}",
            profile.path().join("chromium").display()
        ));
        args.push(format!("--window-size={width},{height}"));
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".to_owned(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({ "binary": chromium_binary(), "args": args }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver_url)
            .await
            .map_err(|error| {
                anyhow::anyhow!(
                    "Failed to start a Chromium session: {error}\nchromedriver log:\n{}",
                    driver.log()
                )
            })?;

        let browser = Self {
            client,
            driver,
            _profile: profile,
            _slot: slot,
        };
        browser.set_viewport(width, height).await?;
        Ok(browser)
    }

    /// The WebDriver client, for anything the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Ends the session politely; dropping the browser would end it anyway.
    pub async fn close(self) -> anyhow::Result<()> {
        let Self { client, driver, .. } = self;
        let result = client.close().await;
        drop(driver);
        result.context("Failed to close the browser session")
    }

    /// Resizes the window so that the page itself (`innerWidth`×`innerHeight`) gets the size.
    pub async fn set_viewport(&self, width: u32, height: u32) -> anyhow::Result<()> {
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await?;
        let (inner_width, inner_height) = (inner[0].as_u64(), inner[1].as_u64());
        let (outer_width, outer_height) = self.client.get_window_size().await?;
        if let (Some(inner_width), Some(inner_height)) = (inner_width, inner_height) {
            let target_width = outer_width + u64::from(width) - inner_width;
            let target_height = outer_height + u64::from(height) - inner_height;
            self.client
                .set_window_size(
                    u32::try_from(target_width).unwrap_or(width),
                    u32::try_from(target_height).unwrap_or(height),
                )
                .await?;
        }
        Ok(())
    }

    /// Opens `url` in the top-level browsing context.
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.client
            .goto(url)
            .await
            .with_context(|| format!("Failed to open {url}"))
    }

    /// Switches into the `<iframe name="{name}">` of the top-level page.
    pub async fn enter_frame_named(&self, name: &str) -> anyhow::Result<()> {
        let frame = self
            .wait_for_css(&format!("iframe[name=\"{name}\"]"))
            .await?;
        frame
            .enter_frame()
            .await
            .with_context(|| format!("Failed to enter iframe {name}"))
    }

    /// Switches back from an iframe to the page that embeds it.
    pub async fn leave_frame(&self) -> anyhow::Result<()> {
        self.client
            .enter_parent_frame()
            .await
            .context("Failed to leave the iframe")
    }

    /// Waits for an element matching `css` in the current frame.
    pub async fn wait_for_css(&self, css: &str) -> anyhow::Result<Element> {
        self.client
            .wait()
            .at_most(DEADLINE)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("Timed out after {DEADLINE:?} waiting for `{css}`"))
    }

    /// Waits for the element with `data-testid="{test_id}"` in the current frame.
    pub async fn wait_for_test_id(&self, test_id: &str) -> anyhow::Result<Element> {
        self.wait_for_css(&test_id_selector(test_id)).await
    }

    /// Waits until nothing matches `css` in the current frame.
    pub async fn wait_until_gone(&self, css: &str) -> anyhow::Result<()> {
        eventually(&format!("`{css}` to disappear"), || async {
            Ok(self
                .client
                .find_all(Locator::Css(css))
                .await?
                .is_empty()
                .then_some(()))
        })
        .await
    }

    /// Waits for `data-testid="{test_id}"` and clicks it.
    pub async fn click_test_id(&self, test_id: &str) -> anyhow::Result<()> {
        let element = self.wait_for_test_id(test_id).await?;
        element
            .click()
            .await
            .with_context(|| format!("Failed to click {test_id}"))
    }

    /// Waits for `data-testid="{test_id}"`, clears it and types `text`.
    pub async fn type_into_test_id(&self, test_id: &str, text: &str) -> anyhow::Result<()> {
        self.type_keys(test_id, text, true).await
    }

    /// Waits for `data-testid="{test_id}"` and types `text` after what it holds.
    pub async fn append_to_test_id(&self, test_id: &str, text: &str) -> anyhow::Result<()> {
        self.type_keys(test_id, text, false).await
    }

    async fn type_keys(&self, test_id: &str, text: &str, clear: bool) -> anyhow::Result<()> {
        let element = self.wait_for_test_id(test_id).await?;
        if clear {
            element.clear().await?;
        }
        element
            .send_keys(text)
            .await
            .with_context(|| format!("Failed to type into {test_id}"))
    }

    /// Waits for the `<select>` `data-testid="{test_id}"` and chooses the option `value`.
    pub async fn select_in_test_id(&self, test_id: &str, value: &str) -> anyhow::Result<()> {
        let element = self.wait_for_test_id(test_id).await?;
        element
            .select_by_value(value)
            .await
            .with_context(|| format!("Failed to choose {value} in {test_id}"))
    }

    /// The visible text of `data-testid="{test_id}"`, once it exists.
    pub async fn text_of_test_id(&self, test_id: &str) -> anyhow::Result<String> {
        let element = self.wait_for_test_id(test_id).await?;
        Ok(element.text().await?)
    }

    /// Saves a PNG of the viewport.
    pub async fn save_screenshot(&self, path: &Path) -> anyhow::Result<()> {
        let png = self
            .client
            .screenshot()
            .await
            .context("Failed to take a screenshot")?;
        std::fs::write(path, png).with_context(|| format!("Failed to write {}", path.display()))
    }

    /// Saves a PNG of the first element matching `css` in the current frame.
    pub async fn save_element_screenshot(&self, css: &str, path: &Path) -> anyhow::Result<()> {
        let element = self.wait_for_css(css).await?;
        let png = element
            .screenshot()
            .await
            .context("Failed to take an element screenshot")?;
        std::fs::write(path, png).with_context(|| format!("Failed to write {}", path.display()))
    }
}

/// `[data-testid="{test_id}"]`.
pub fn test_id_selector(test_id: &str) -> String {
    format!("[data-testid=\"{test_id}\"]")
}

fn free_port() -> anyhow::Result<u16> {
    // Ask the OS for a free port, then hand it to chromedriver. Another process could take it
    // in between; chromedriver then fails to start and the error says so.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("Failed to find a port")?;
    Ok(listener.local_addr()?.port())
}

async fn wait_for_driver(driver_url: &str, driver: &ChromeDriver) -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    let status_url = format!("{driver_url}/status");
    eventually("chromedriver to accept sessions", || {
        let request = http.get(&status_url).send();
        async move {
            match request.await {
                Ok(response) => {
                    let status: serde_json::Value = response.json().await?;
                    Ok(status["value"]["ready"]
                        .as_bool()
                        .unwrap_or(false)
                        .then_some(()))
                }
                Err(error) => Err(error.into()),
            }
        }
    })
    .await
    .map_err(|error| anyhow::anyhow!("{error:#}\nchromedriver log:\n{}", driver.log()))
}
