//! `server`: runs the portal. `server --demo` also loads the demo organization.

use app::platform::ssr::AppState;
use server::{connect, demo, leptos_options, router, serve, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    if let Err(e) = run().await {
        eprintln!("portal: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let demo_wanted = args.iter().any(|a| a == "--demo")
        || std::env::var("PORTAL_DEMO").is_ok_and(|v| v == "1" || v == "true");
    let config = Config::from_env();
    let pool = connect(&config).await?;
    let state = AppState::new(pool, config.clone());
    if demo_wanted {
        let created = demo::load(&state).await.map_err(|e| format!("loading the demo failed: {e}"))?;
        if created {
            println!("Loaded the demo organization \"{}\".", demo::DEMO_ORGANIZATION);
        }
    }
    let options = leptos_options(&config);
    let listener = tokio::net::TcpListener::bind(&config.bind).await?;
    let app = router(state, options);
    println!();
    println!("  The {} Customer Portal is running.", config.brand);
    println!("  Sign in at: {}/login", config.public_url);
    if demo_wanted {
        println!("  Demo sign-ins ({}):", demo::DEMO_ORGANIZATION);
        for p in &demo::DEMO_PEOPLE {
            println!("    {:<16} {:<36} password: {:<26} {}", p.name, p.email, p.password, p.role);
        }
    }
    println!("  Database: {}", config.database_url);
    println!();
    serve(listener, app).await?;
    Ok(())
}
