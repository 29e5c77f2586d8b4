pub mod influx;
pub mod postgres;
