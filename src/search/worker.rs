//! Searching on a thread of its own, so that typing never waits on a ranking.
//!
//! The app hands the [`Worker`] the workspace when search opens (it is indexed on the
//! thread) and every query as it is typed. The thread takes only the newest query of those
//! waiting, stops a ranking as soon as a newer query comes, and tags each answer with its
//! query's generation; [`Worker::poll`] drops answers to any query but the newest.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Weak};

use crate::model::Workspace;

use super::{Hit, Index, Session};

/// The app's side of the search thread, started on first use.
pub struct Worker {
    link: Option<Link>,
    /// The generation of the newest query, shared with the thread so it can stop a stale one.
    latest: Arc<AtomicU64>,
    /// The generation of the newest query.
    generation: u64,
    /// Whether the newest query's answer is still to come.
    waiting: bool,
    /// An answer known without asking the thread (a blank query finds nothing).
    ready: Option<Vec<Hit>>,
    /// The workspace last handed over and its revision. A weak pointer keeps its address
    /// from being reused without keeping the workspace, so editing it never copies it.
    indexed: Option<(Weak<Workspace>, u64)>,
}

/// The channels to and from the thread.
struct Link {
    requests: Sender<Request>,
    replies: Receiver<Reply>,
}

/// What the thread is asked to do.
enum Request {
    /// Index this workspace; later queries search it.
    Index(Arc<Workspace>),
    /// Rank a query.
    Query(Query),
}

/// A query and its generation.
struct Query {
    generation: u64,
    text: String,
    limit: usize,
}

/// The hits of the query of one generation.
struct Reply {
    generation: u64,
    hits: Vec<Hit>,
}

impl Default for Worker {
    fn default() -> Self {
        Self::new()
    }
}

impl Worker {
    /// A worker whose thread starts when it is first given a workspace.
    pub fn new() -> Self {
        Self {
            link: None,
            latest: Arc::new(AtomicU64::new(0)),
            generation: 0,
            waiting: false,
            ready: None,
            indexed: None,
        }
    }

    /// Makes later queries search `workspace` as of `revision` (any number that changes
    /// whenever the workspace is edited in place). Cheap when that is already so; otherwise
    /// the workspace is indexed on the thread, which lets go of it as soon as that is done,
    /// and true is returned: hits had before may point at the wrong cards.
    pub fn index(&mut self, workspace: &Arc<Workspace>, revision: u64) -> bool {
        let same = self.indexed.as_ref().is_some_and(|(weak, rev)| {
            *rev == revision && std::ptr::eq(weak.as_ptr(), Arc::as_ptr(workspace))
        });
        if same && self.link.is_some() {
            return false;
        }
        if self.link.is_none() {
            self.link = spawn(Arc::clone(&self.latest));
        }
        let sent = self.link.as_ref().is_some_and(|link| {
            link.requests
                .send(Request::Index(Arc::clone(workspace)))
                .is_ok()
        });
        self.indexed = sent.then(|| (Arc::downgrade(workspace), revision));
        true
    }

    /// Asks for the best `limit` cards for `query` in the workspace last given to
    /// [`Self::index`]; the answer comes through [`Self::poll`]. Answers to earlier queries
    /// are dropped from now on.
    pub fn query(&mut self, query: &str, limit: usize) {
        self.cancel();
        if query.trim().is_empty() || limit == 0 {
            self.ready = Some(Vec::new());
            return;
        }
        let request = Request::Query(Query {
            generation: self.generation,
            text: query.to_string(),
            limit,
        });
        match &self.link {
            Some(link) if link.requests.send(request).is_ok() => self.waiting = true,
            // No thread to ask: nothing is found rather than waited for forever.
            _ => self.ready = Some(Vec::new()),
        }
    }

    /// Forgets the query asked: its answer will be dropped, and a ranking of it stops.
    pub fn cancel(&mut self) {
        self.generation += 1;
        self.latest.store(self.generation, Ordering::Relaxed);
        self.waiting = false;
        self.ready = None;
    }

    /// The hits of the newest query, if they came since the last poll; never waits.
    pub fn poll(&mut self) -> Option<Vec<Hit>> {
        if let Some(hits) = self.ready.take() {
            return Some(hits);
        }
        let mut newest = None;
        while let Some(link) = &self.link {
            match link.replies.try_recv() {
                Ok(reply) => newest = self.answer(reply).or(newest),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => self.hang_up(),
            }
        }
        newest
    }

    /// Waits up to `timeout` for the hits of the newest query; `None` if none are coming
    /// by then.
    #[cfg(test)]
    pub(crate) fn wait(&mut self, timeout: std::time::Duration) -> Option<Vec<Hit>> {
        use std::sync::mpsc::RecvTimeoutError;
        let deadline = std::time::Instant::now() + timeout;
        loop {
            if let Some(hits) = self.poll() {
                return Some(hits);
            }
            let link = self.link.as_ref().filter(|_| self.waiting)?;
            let left = deadline.checked_duration_since(std::time::Instant::now())?;
            match link.replies.recv_timeout(left) {
                Ok(reply) => {
                    if let Some(hits) = self.answer(reply) {
                        return Some(hits);
                    }
                }
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => self.hang_up(),
            }
        }
    }

    /// The hits of `reply` if it answers the newest query; an older answer is dropped.
    fn answer(&mut self, reply: Reply) -> Option<Vec<Hit>> {
        if reply.generation != self.generation {
            return None;
        }
        self.waiting = false;
        Some(reply.hits)
    }

    /// Forgets a thread that is gone (it panicked): the next workspace starts a new one.
    fn hang_up(&mut self) {
        self.link = None;
        self.indexed = None;
        self.waiting = false;
    }

    /// Whether the newest query is being ranked: poll again soon.
    pub fn busy(&self) -> bool {
        self.waiting
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Stop any ranking now; the thread ends when it finds the channel closed.
        self.latest.store(u64::MAX, Ordering::Relaxed);
    }
}

/// Starts the thread; `None` if the system will not start one.
fn spawn(latest: Arc<AtomicU64>) -> Option<Link> {
    let (requests, inbox) = mpsc::channel();
    let (outbox, replies) = mpsc::channel();
    std::thread::Builder::new()
        .name("cjm-search".into())
        .spawn(move || serve(&inbox, &outbox, &latest))
        .ok()?;
    Some(Link { requests, replies })
}

/// The thread: indexes the newest workspace, ranks the newest query, until the app hangs up.
fn serve(requests: &Receiver<Request>, replies: &Sender<Reply>, latest: &AtomicU64) {
    let mut session = None;
    let mut workspace = None;
    let mut query = None;
    loop {
        if workspace.is_none() && query.is_none() {
            match requests.recv() {
                Ok(request) => take(request, &mut workspace, &mut query),
                Err(_) => return,
            }
        }
        for request in requests.try_iter() {
            take(request, &mut workspace, &mut query);
        }
        if let Some(workspace) = workspace.take() {
            session = Some(Session::new(Index::build(&workspace)));
            // Dropped here, before any ranking: the app edits it without copying it.
            drop(workspace);
            // Queries may have come during the build: take the newest.
            continue;
        }
        let Some(query) = query.take() else {
            continue;
        };
        let stale = || latest.load(Ordering::Relaxed) != query.generation;
        if stale() {
            continue;
        }
        let hits = match &mut session {
            Some(session) => session.search_until(&query.text, query.limit, &stale),
            None => Some(Vec::new()),
        };
        if let Some(hits) = hits {
            let reply = Reply {
                generation: query.generation,
                hits,
            };
            if replies.send(reply).is_err() {
                return;
            }
        }
    }
}

/// Keeps the newest workspace and the newest query of those waiting.
fn take(request: Request, workspace: &mut Option<Arc<Workspace>>, query: &mut Option<Query>) {
    match request {
        Request::Index(newer) => *workspace = Some(newer),
        Request::Query(newer) => *query = Some(newer),
    }
}

#[cfg(test)]
mod tests;
