//! Real servers the tests start on a free loopback port and stop when dropped: an
//! S3-compatible object store (moto's `moto_server`) and an SMTP sink (`aiosmtpd` writing a
//! maildir). `scripts/setup.sh` installs both into `.tools/venv`.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use object_store::ObjectStoreExt;
use object_store::aws::AmazonS3Builder;
use tokio::process::{Child, Command};

/// The repository root (two levels above this crate).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The program `name` from the project's venv, else from `PATH`; a missing one fails the test
/// with what to do.
fn tool(name: &str) -> PathBuf {
    let venv = root().join(".tools/venv/bin").join(name);
    if venv.is_file() {
        return venv;
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is not installed (looked in .tools/venv/bin and PATH): run \
                 scripts/setup.sh, which installs it into .tools/venv"
            )
        })
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// Waits until `port` accepts connections, or panics naming `what`.
async fn wait_for_port(port: u16, what: &str, child: &mut Child) {
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening on port {port}: {status}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not listen on port {port} within 30 s");
}

fn spawn(program: &Path, args: &[&str], envs: &[(&str, &str)], log: &Path) -> Child {
    let log = std::fs::File::create(log).expect("server log file");
    let err = log.try_clone().expect("server log file");
    Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(err)
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", program.display()))
}

/// Credentials the S3 tests configure (moto accepts any unless started with authentication).
const S3_ACCESS_KEY: &str = "agent-adapter-test";
const S3_SECRET_KEY: &str = "agent-adapter-test-secret";

/// An S3-compatible server (`moto_server`) on loopback; stopped when dropped.
pub struct S3Server {
    pub port: u16,
    /// Credentials the server accepts.
    pub access_key: String,
    pub secret_key: String,
    client: reqwest::Client,
    _child: Child,
    _logs: tempfile::TempDir,
}

/// Run with the venv's Python (boto3 comes with moto) against a server that checks
/// credentials: creates the bucket and an IAM user allowed to use S3, prints its key.
const PROVISION: &str = r#"
import sys, boto3
endpoint, bucket = sys.argv[1], sys.argv[2]
kw = dict(endpoint_url=endpoint, region_name="us-east-1",
          aws_access_key_id="provisioning", aws_secret_access_key="provisioning")
boto3.client("s3", **kw).create_bucket(Bucket=bucket)
iam = boto3.client("iam", **kw)
iam.create_user(UserName="gateway")
key = iam.create_access_key(UserName="gateway")["AccessKey"]
iam.put_user_policy(UserName="gateway", PolicyName="s3", PolicyDocument=
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}')
print(key["AccessKeyId"], key["SecretAccessKey"])
"#;

impl S3Server {
    /// A server that accepts any credentials.
    pub async fn start() -> Self {
        Self::spawn(&[]).await
    }

    /// A server that checks credentials (moto's IAM authentication), with `bucket` created
    /// and one user's key in `access_key` / `secret_key`.
    pub async fn start_checking_credentials(bucket: &str) -> Self {
        // The provisioning requests (4) are the only ones let through unauthenticated.
        let mut server = Self::spawn(&[("INITIAL_NO_AUTH_ACTION_COUNT", "4")]).await;
        // The interpreter moto_server runs on has boto3 (a dependency of moto).
        let python = tool("moto_server").with_file_name("python");
        let output = Command::new(python)
            .args(["-c", PROVISION, &server.endpoint(), bucket])
            .output()
            .await
            .expect("the provisioning script runs");
        assert!(
            output.status.success(),
            "provisioning failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        let (id, secret) = stdout.trim().split_once(' ').expect("an access key");
        server.access_key = id.to_owned();
        server.secret_key = secret.to_owned();
        server
    }

    async fn spawn(envs: &[(&str, &str)]) -> Self {
        let program = tool("moto_server");
        let logs = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let mut child = spawn(
            &program,
            &["-H", "127.0.0.1", "-p", &port.to_string()],
            envs,
            &logs.path().join("moto.log"),
        );
        wait_for_port(port, "moto_server", &mut child).await;
        Self {
            port,
            access_key: S3_ACCESS_KEY.to_owned(),
            secret_key: S3_SECRET_KEY.to_owned(),
            client: reqwest::Client::new(),
            _child: child,
            _logs: logs,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Creates `bucket` with versioning on, so that every write of a key leaves a version
    /// (the tests count them to see that a file was written once).
    pub async fn create_bucket(&self, bucket: &str) {
        let url = format!("{}/{bucket}", self.endpoint());
        let created = self.client.put(&url).send().await.expect("CreateBucket");
        assert!(created.status().is_success(), "CreateBucket {bucket}");
        let versioning = self
            .client
            .put(format!("{url}?versioning"))
            .body(
                "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
                 <Status>Enabled</Status></VersioningConfiguration>",
            )
            .send()
            .await
            .expect("PutBucketVersioning");
        assert!(versioning.status().is_success(), "PutBucketVersioning");
    }

    /// How many versions of `key` the bucket holds (ListObjectVersions).
    pub async fn versions(&self, bucket: &str, key: &str) -> usize {
        let body = self
            .client
            .get(format!(
                "{}/{bucket}?versions&prefix={key}",
                self.endpoint()
            ))
            .send()
            .await
            .expect("ListObjectVersions")
            .text()
            .await
            .expect("versions body");
        body.matches(&format!("<Key>{key}</Key>")).count()
    }

    /// Reads `key` back through the S3 API, with the client the gateway uses; `None` while it
    /// is not there.
    pub async fn get(&self, bucket: &str, key: &str) -> Option<String> {
        let store = AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_endpoint(self.endpoint())
            .with_region("us-east-1")
            .with_access_key_id(&self.access_key)
            .with_secret_access_key(&self.secret_key)
            .with_allow_http(true)
            .build()
            .expect("S3 client");
        let result = store.get(&object_store::path::Path::from(key)).await.ok()?;
        let bytes = result.bytes().await.ok()?;
        Some(String::from_utf8(bytes.to_vec()).expect("UTF-8 object"))
    }
}

/// An SMTP server (`aiosmtpd`) on loopback that writes every message it accepts into a maildir;
/// stopped when dropped.
pub struct SmtpSink {
    pub port: u16,
    maildir: tempfile::TempDir,
    _child: Child,
}

impl SmtpSink {
    pub async fn start() -> Self {
        Self::start_on(free_port()).await
    }

    /// Starts the sink on `port` (a test that first lets the gateway find no server there).
    pub async fn start_on(port: u16) -> Self {
        let program = tool("aiosmtpd");
        let maildir = tempfile::tempdir().expect("temp dir");
        let inbox = maildir.path().join("inbox");
        let mut child = spawn(
            &program,
            &[
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
                &inbox.to_string_lossy(),
            ],
            &[],
            &maildir.path().join("aiosmtpd.log"),
        );
        wait_for_port(port, "aiosmtpd", &mut child).await;
        Self {
            port,
            maildir,
            _child: child,
        }
    }

    /// The messages received so far, raw (headers `X-MailFrom` / `X-RcptTo` carry the
    /// envelope), oldest first.
    pub fn messages(&self) -> Vec<String> {
        let new = self.maildir.path().join("inbox/new");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&new)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .collect()
    }
}
