//! quillmetrics-agent: samples the host and ships the samples to the configured sinks.
pub mod config;
pub mod sample;
pub mod sink;

pub use sample::Sample;
