//! Run the comment service.
//!
//! ```text
//! comment-sanitizer-service [ADDRESS]
//! ```
//!
//! Listens on ADDRESS (`host:port`), else on `COMMENT_SERVICE_ADDR`, else on
//! `127.0.0.1:3000`; port 0 picks a free port. Prints
//! `listening on http://HOST:PORT` on stdout once it accepts connections,
//! and stops cleanly on Ctrl-C or SIGTERM, finishing the requests in flight.

use std::process::ExitCode;

use comment_sanitizer_service::app;
use tokio::net::TcpListener;

const DEFAULT_ADDR: &str = "127.0.0.1:3000";
const USAGE: &str =
    "usage: comment-sanitizer-service [ADDRESS]   (default: $COMMENT_SERVICE_ADDR, else 127.0.0.1:3000)";

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let addr = match (args.next(), args.next()) {
        (Some(arg), None) if arg == "-h" || arg == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        (Some(arg), None) => arg,
        (None, _) => std::env::var("COMMENT_SERVICE_ADDR").unwrap_or_else(|_| DEFAULT_ADDR.to_string()),
        (Some(_), Some(_)) => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };

    // Built before binding: a policy mistake stops the service at start.
    let app = app();
    let listener = match TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("comment-sanitizer-service: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(local) => println!("listening on http://{local}"),
        Err(_) => println!("listening on {addr}"),
    }
    match axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("comment-sanitizer-service: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C, or on SIGTERM (what `docker stop` and systemd send).
async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, run until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
