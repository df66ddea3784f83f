//! A minimal SMTP server on loopback that keeps what it receives, and can be stopped and
//! started again on the same port (as a mail relay that goes down and comes back).

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<String>>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SmtpSink {
    /// A sink on a free port.
    pub async fn start() -> SmtpSink {
        let mut sink = SmtpSink { port: 0, received: Arc::default(), task: None };
        sink.listen().await;
        sink
    }

    async fn listen(&mut self) {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await.expect("bind the SMTP sink");
        self.port = listener.local_addr().expect("addr").port();
        let received = self.received.clone();
        self.task = Some(tokio::spawn(async move {
            // Connections live in this set: stopping the sink ends them too (a pooled
            // connection of the portal must not outlive the server it talks to).
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                connections.spawn(session(stream, received.clone()));
            }
        }));
    }

    /// Goes down: the port refuses connections, open ones are cut.
    pub fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    /// Comes back on the same port.
    pub async fn restart(&mut self) {
        self.stop();
        // The aborted task drops its listener at its next poll.
        for _ in 0..50 {
            if tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        self.listen().await;
    }

    /// Every message received so far (headers and body, as sent).
    pub fn messages(&self) -> Vec<String> {
        self.received.lock().expect("lock").clone()
    }

    /// The Message-ID of every message received so far.
    pub fn message_ids(&self) -> Vec<String> {
        self.messages()
            .iter()
            .filter_map(|m| {
                m.lines()
                    .find_map(|l| l.strip_prefix("Message-ID: ").or_else(|| l.strip_prefix("Message-Id: ")))
                    .map(|v| v.trim().to_string())
            })
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn session(stream: tokio::net::TcpStream, received: Arc<Mutex<Vec<String>>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 sink ESMTP\r\n").await.ok();
    let mut data = None::<String>;
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(buf) = data.as_mut() {
            if line == "." {
                received.lock().expect("lock").push(data.take().unwrap_or_default());
                write.write_all(b"250 queued\r\n").await.ok();
            } else {
                buf.push_str(&line);
                buf.push('\n');
            }
            continue;
        }
        let verb = line.split(' ').next().unwrap_or("").to_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 sink\r\n",
            "DATA" => {
                data = Some(String::new());
                b"354 go on\r\n"
            }
            "QUIT" => b"221 bye\r\n",
            _ => b"250 ok\r\n",
        };
        write.write_all(reply).await.ok();
        if verb == "QUIT" {
            break;
        }
    }
}
