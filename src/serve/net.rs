//! Accepting connections: a bounded number at a time, each dropped when it goes quiet, and an
//! accept error (out of file descriptors) waited out instead of ending the preview.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

/// Open connections at most: a browser keeps about six, plus one event stream per open tab. Far
/// below the usual limit of 1,024 descriptors, so that a rebuild can still open the site's files
/// while the limit is reached.
pub(super) const MAX_CONNECTIONS: usize = 512;
/// Event streams open at most (one per open tab of the preview). A stream hands back its
/// connection's place among [`MAX_CONNECTIONS`] and holds one of these instead, so that tabs
/// left open (or streams opened and never read) never lock pages out.
pub(super) const MAX_STREAMS: usize = 64;
/// A connection that neither sends nor takes a byte for this long is closed. The event stream
/// writes a comment more often than this (`KEEP_ALIVE`), so an open tab keeps its connection.
pub(super) const IDLE: Duration = Duration::from_secs(10);
/// A request's head must arrive whole within this, however slowly it trickles in.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest request head held in memory; a browser's is well under 8 KiB.
const MAX_HEAD: usize = 16 * 1024;
/// How long to wait after an accept error before trying again.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// Accepts connections for ever and serves `app` on each: it never returns, whatever goes wrong
/// (the result type only lets `serve` end with it).
pub(super) async fn accept_loop(listener: TcpListener, app: axum::Router) -> Result<Infallible, crate::Error> {
    let limit = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let streams = Arc::new(Semaphore::new(MAX_STREAMS));
    // Said once per spell of accept errors, not once per try (ten a second).
    let mut troubled = false;
    loop {
        let Ok(permit) = Arc::clone(&limit).acquire_owned().await else {
            unreachable!("the semaphore is never closed")
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // The client gave up between connecting and being accepted: nothing to recover.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
                ) =>
            {
                continue
            }
            Err(e) => {
                if !troubled {
                    eprintln!("预览暂时无法接受新连接（{e}），可能是同时打开的文件或连接太多；连接关闭后会自动恢复。");
                    troubled = true;
                }
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        if troubled {
            eprintln!("预览已恢复接受连接。");
            troubled = false;
        }
        let slot = Slot {
            connection: Arc::new(std::sync::Mutex::new(Some(permit))),
            streams: Arc::clone(&streams),
        };
        let service = TowerToHyperService::new(app.clone().layer(axum::Extension(slot.clone())));
        tokio::spawn(async move {
            // The connection's place is given back when it ends (or when it becomes a stream).
            let _slot = slot;
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_HEAD);
            // Errors are the client's (closed early, timed out, malformed): the connection ends.
            let _ = http.serve_connection(TokioIo::new(Idle::new(stream)), service).await;
        });
    }
}

/// A connection's place among the open connections, seen by its requests.
#[derive(Clone)]
pub(super) struct Slot {
    connection: Arc<std::sync::Mutex<Option<OwnedSemaphorePermit>>>,
    streams: Arc<Semaphore>,
}

impl Slot {
    /// For a request that opens an event stream: a place among the streams, for as long as the
    /// stream lives, and the connection's place given back. None when every stream place is
    /// taken (the page then answers 503, and the browser's EventSource tries again later).
    pub(super) fn into_stream(self) -> Option<OwnedSemaphorePermit> {
        let stream = Arc::clone(&self.streams).try_acquire_owned().ok()?;
        if let Ok(mut connection) = self.connection.lock() {
            connection.take();
        }
        Some(stream)
    }
}

/// A socket that fails with `TimedOut` once no byte has gone either way for [`IDLE`]: hyper
/// keeps a connection waiting for the next request indefinitely, and a client that stops reading
/// a response would hold it for ever.
struct Idle {
    stream: TcpStream,
    deadline: Pin<Box<Sleep>>,
}

impl Idle {
    fn new(stream: TcpStream) -> Self {
        Idle {
            stream,
            deadline: Box::pin(tokio::time::sleep(IDLE)),
        }
    }

    fn moved(&mut self) {
        self.deadline.as_mut().reset(Instant::now() + IDLE);
    }

    /// For an operation that is pending: whether it has waited too long. Registers the waker,
    /// so the task wakes when the time is up even if the socket stays silent.
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        self.deadline.as_mut().poll(cx).is_ready()
    }

    fn timed_out<T>() -> Poll<io::Result<T>> {
        Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "idle connection")))
    }
}

impl AsyncRead for Idle {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) if buf.filled().len() > before => {
                self.moved();
                Poll::Ready(Ok(()))
            }
            Poll::Pending if self.expired(cx) => Self::timed_out(),
            other => other,
        }
    }
}

impl AsyncWrite for Idle {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.stream).poll_write(cx, buf) {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    self.moved();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Pending if self.expired(cx) => Self::timed_out(),
            other => other,
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.stream).poll_write_vectored(cx, bufs) {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    self.moved();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Pending if self.expired(cx) => Self::timed_out(),
            other => other,
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
