use std::io::Write;

/// Writes structured log lines to stderr; installed as the global logger at start-up.
pub struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }

    fn log(&self, record: &log::Record) {
        let _ = writeln!(std::io::stderr(), "{} {} {}", record.level(), record.target(), record.args());
        if record.level() == log::Level::Error {
            eprintln!("{:?}", record.file());
        }
    }

    fn flush(&self) {}
}
