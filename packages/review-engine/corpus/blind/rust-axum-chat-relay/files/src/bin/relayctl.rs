use clap::{Parser, Subcommand};

/// relayctl: inspect a running relay.
#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    Rooms,
    Kick { room: String, user: String },
}

fn main() {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Rooms => {
            for (room, members) in admin::rooms() {
                println!("{room:<24} {members}");
            }
        }
        Cmd::Kick { room, user } => {
            admin::kick(&room, &user);
            println!("kicked {user} from {room}");
        }
    }
}
