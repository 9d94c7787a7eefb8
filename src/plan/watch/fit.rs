//! A watch workout as a FIT workout file, the format Garmin watches (and Coros, Suunto, Wahoo
//! and Garmin Connect's import) read: a File Id message of type workout, a Workout message
//! (sport running, the name, the number of steps), then one Workout Step message per step.
//! The bytes, definitions and CRCs are rustyfit's; this module only fills in the messages.
//!
//! Units are FIT's: a distance in centimetres, a time in milliseconds, a speed target in
//! millimetres per second (custom low/high: the slow end of the pace range is the low speed),
//! a heart-rate zone as the zone number; a repeat step goes back to a step by its index and
//! runs until the steps are done `times` times (`repeat_until_steps_cmplt`).

use core::convert::Infallible;

use embedded_io::{ErrorType, Seek, SeekFrom, Write};
use rustyfit::Encoder;
use rustyfit::profile::{mesgdef, typedef};
use rustyfit::proto::{FIT, FileHeader, Message};

use super::{Duration, WatchStep, WatchTarget, WatchWorkout};
use crate::plan::StepKind;

/// Seconds from the Unix epoch to FIT's, 1989-12-31T00:00:00Z.
const FIT_EPOCH: i64 = 631_065_600;
/// FIT times below this are seconds since a device was switched on, not dates.
const FIT_FIRST_DATE: i64 = 0x1000_0000;

/// What identifies one file among others on a watch.
#[derive(Debug, Clone, Copy)]
pub struct FileId {
    /// Different for every workout of a site ([`serial`]).
    pub serial: u32,
    /// `time_created`, Unix seconds; left out when `None` or before 1998 (which FIT would
    /// read as a device's uptime).
    pub created: Option<i64>,
}

/// The serial number of the file `stem` of plan `id`: FNV-1a of `id/stem`, never 0 (FIT's
/// "no value"). A watch tells files apart by their File Id, so two workouts must not share one.
pub fn serial(id: &str, stem: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes().chain(*b"/").chain(stem.bytes()) {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h.max(1)
}

/// A distance in FIT units (centimetres).
pub fn centimetres(metres: f64) -> u32 {
    (metres * 100.0).round() as u32
}

/// A time in FIT units (milliseconds).
pub fn milliseconds(seconds: f64) -> u32 {
    (seconds * 1000.0).round() as u32
}

/// A pace (seconds per km) as a FIT speed (millimetres per second).
pub fn speed(secs_per_km: f64) -> u32 {
    (1_000_000.0 / secs_per_km).round() as u32
}

/// The FIT file of `w`. Fails only if rustyfit refuses a message, which the limits on names,
/// notes and steps rule out.
pub fn encode(w: &WatchWorkout, id: FileId) -> Result<Vec<u8>, String> {
    let mut messages = vec![Message::from(file_id(id)), Message::from(workout(w))];
    for (i, s) in w.steps.iter().enumerate() {
        messages.push(Message::from(step(i, s)?));
    }
    let mut fit = FIT {
        file_header: FileHeader::default(),
        messages,
        crc: 0,
    };
    let mut out = Buffer::default();
    Encoder::new()
        .encode(&mut out, &mut fit)
        .map_err(|e| format!("{e:?}"))?;
    Ok(out.bytes)
}

fn file_id(id: FileId) -> mesgdef::FileId {
    let mut m = mesgdef::FileId::new();
    m.r#type = typedef::File::WORKOUT;
    m.manufacturer = typedef::Manufacturer::DEVELOPMENT;
    m.product = 0;
    m.serial_number = id.serial;
    if let Some(t) = id.created.map(|t| t - FIT_EPOCH)
        && (FIT_FIRST_DATE..i64::from(u32::MAX)).contains(&t)
    {
        m.time_created = typedef::DateTime(t as u32);
    }
    m.product_name = "Taper".into();
    m
}

fn workout(w: &WatchWorkout) -> mesgdef::Workout {
    let mut m = mesgdef::Workout::new();
    m.sport = typedef::Sport::RUNNING;
    m.sub_sport = typedef::SubSport::GENERIC;
    m.num_valid_steps = w.steps.len() as u16;
    m.wkt_name = w.name.as_str().into();
    if let Some(n) = &w.notes {
        m.wkt_description = n.as_str().into();
    }
    m
}

fn step(i: usize, s: &WatchStep) -> Result<mesgdef::WorkoutStep, String> {
    let index = u16::try_from(i).map_err(|_| format!("step {i}: too many steps"))?;
    let mut m = mesgdef::WorkoutStep::new();
    m.message_index = typedef::MessageIndex(index);
    match s {
        WatchStep::Repeat { from, times } => {
            m.duration_type = typedef::WktStepDuration::REPEAT_UNTIL_STEPS_CMPLT;
            m.duration_value = *from as u32;
            m.target_value = *times;
        }
        WatchStep::Single {
            kind,
            name,
            notes,
            duration,
            target,
            ..
        } => {
            m.wkt_step_name = name.as_str().into();
            m.notes = notes.as_str().into();
            m.intensity = match kind {
                StepKind::Warmup => typedef::Intensity::WARMUP,
                StepKind::Work => typedef::Intensity::ACTIVE,
                StepKind::Recover => typedef::Intensity::RECOVERY,
                StepKind::Rest => typedef::Intensity::REST,
                StepKind::Cooldown => typedef::Intensity::COOLDOWN,
            };
            match *duration {
                Duration::Distance { metres } => {
                    m.duration_type = typedef::WktStepDuration::DISTANCE;
                    m.duration_value = centimetres(metres);
                }
                Duration::Time { seconds } => {
                    m.duration_type = typedef::WktStepDuration::TIME;
                    m.duration_value = milliseconds(seconds);
                }
                Duration::Open => m.duration_type = typedef::WktStepDuration::OPEN,
            }
            match *target {
                WatchTarget::Open => m.target_type = typedef::WktStepTarget::OPEN,
                WatchTarget::Pace { fast, slow } => {
                    m.target_type = typedef::WktStepTarget::SPEED;
                    m.target_value = 0; // 0: the custom range below, not a speed zone
                    m.custom_target_value_low = speed(slow);
                    m.custom_target_value_high = speed(fast);
                }
                WatchTarget::HeartRateZone { zone } => {
                    m.target_type = typedef::WktStepTarget::HEART_RATE;
                    m.target_value = u32::from(zone);
                }
            }
        }
    }
    Ok(m)
}

/// The bytes being written: rustyfit writes forward, then seeks back to fill in the header.
#[derive(Default)]
struct Buffer {
    bytes: Vec<u8>,
    at: usize,
}

impl ErrorType for Buffer {
    type Error = Infallible;
}

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        let end = self.at + buf.len();
        if self.bytes.len() < end {
            self.bytes.resize(end, 0);
        }
        self.bytes[self.at..end].copy_from_slice(buf);
        self.at = end;
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

impl Seek for Buffer {
    fn seek(&mut self, pos: SeekFrom) -> Result<u64, Infallible> {
        let len = self.bytes.len() as i64;
        let to = match pos {
            SeekFrom::Start(n) => i64::try_from(n).unwrap_or(i64::MAX),
            SeekFrom::End(n) => len.saturating_add(n),
            SeekFrom::Current(n) => (self.at as i64).saturating_add(n),
        };
        self.at = to.clamp(0, len) as usize;
        Ok(self.at as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::watch::tests::plan_with;
    use crate::plan::watch::workouts;
    use rustyfit::Decoder;
    use rustyfit::proto::Value;

    /// The fields of every message of a FIT file, decoded back by rustyfit: (message number,
    /// [(field number, value)]).
    fn decode(bytes: &[u8]) -> Vec<(u16, Vec<(u8, Value)>)> {
        let mut reader: &[u8] = bytes;
        let fit = Decoder::new()
            .decode(&mut reader)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .unwrap_or_else(|| panic!("empty"));
        fit.messages
            .into_iter()
            .map(|m| {
                (
                    m.num.0,
                    m.fields.into_iter().map(|f| (f.num, f.value)).collect(),
                )
            })
            .collect()
    }

    fn field(m: &[(u8, Value)], num: u8) -> Option<&Value> {
        m.iter().find(|(n, _)| *n == num).map(|(_, v)| v)
    }

    fn u32_of(m: &[(u8, Value)], num: u8) -> Option<u32> {
        match field(m, num)? {
            Value::Uint32(v) => Some(*v),
            Value::Uint8(v) => Some(u32::from(*v)),
            Value::Uint16(v) => Some(u32::from(*v)),
            _ => None,
        }
    }

    fn file_of(tue: &str) -> Vec<u8> {
        let p = plan_with(tue);
        let w = &workouts(&p)[0];
        encode(
            w,
            FileId {
                serial: serial(&p.id, &w.stem),
                created: Some(1_800_000_000),
            },
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_threshold_session_decodes_to_its_steps_in_fit_units() {
        let bytes = file_of("threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd");
        assert_eq!(&bytes[8..12], b".FIT");
        let msgs = decode(&bytes);
        let nums: Vec<u16> = msgs.iter().map(|(n, _)| *n).collect();
        // file_id, workout, five steps (workout_step is 27).
        assert_eq!(nums, [0, 26, 27, 27, 27, 27, 27]);
        let file_id = &msgs[0].1;
        assert_eq!(u32_of(file_id, 0), Some(5), "type workout");
        assert_eq!(u32_of(file_id, 4), Some(1_800_000_000 - 631_065_600));
        let workout = &msgs[1].1;
        assert_eq!(u32_of(workout, 4), Some(1), "sport running");
        assert_eq!(u32_of(workout, 6), Some(5), "num_valid_steps");
        assert!(
            matches!(field(workout, 8), Some(Value::String(s)) if &**s == "W1 Tue Threshold 3x8min")
        );
        let steps: Vec<&Vec<(u8, Value)>> = msgs[2..].iter().map(|(_, f)| f).collect();
        // Warm-up: 2 km = 200000 cm, intensity warmup (2).
        assert_eq!(u32_of(steps[0], 1), Some(1));
        assert_eq!(u32_of(steps[0], 2), Some(200_000));
        assert_eq!(u32_of(steps[0], 7), Some(2));
        // Work: 8 min = 480000 ms at 4:40-4:50/km: speed 3448-3571 mm/s.
        assert_eq!(u32_of(steps[1], 1), Some(0));
        assert_eq!(u32_of(steps[1], 2), Some(480_000));
        assert_eq!(u32_of(steps[1], 3), Some(0), "target speed");
        assert_eq!(u32_of(steps[1], 5), Some(3448));
        assert_eq!(u32_of(steps[1], 6), Some(3571));
        // Repeat: back to step 1, three times in all.
        assert_eq!(u32_of(steps[3], 1), Some(6));
        assert_eq!(u32_of(steps[3], 2), Some(1));
        assert_eq!(u32_of(steps[3], 4), Some(3));
        assert_eq!(u32_of(steps[4], 7), Some(3), "cool-down");
    }

    #[test]
    fn zones_and_open_steps() {
        let msgs = decode(&file_of("easy 40min @Z2"));
        let s = &msgs[2].1;
        assert_eq!(u32_of(s, 3), Some(1), "heart rate");
        assert_eq!(u32_of(s, 4), Some(2), "zone 2");
        let msgs = decode(&file_of("tempo @RPE7"));
        let s = &msgs[2].1;
        assert_eq!(u32_of(s, 1), Some(5), "open duration");
        assert_eq!(u32_of(s, 3), Some(2), "open target");
        assert!(matches!(field(s, 0), Some(Value::String(n)) if &**n == "Tempo run RPE 7"));
    }

    #[test]
    fn files_are_the_same_every_time_and_differ_between_workouts() {
        let a = file_of("intervals 6x(800m @T / 400m jog)");
        assert_eq!(a, file_of("intervals 6x(800m @T / 400m jog)"));
        assert_ne!(serial("p", "w01-tue"), serial("p", "w01-wed"));
        assert_ne!(serial("p", "w01-tue"), serial("q", "w01-tue"));
    }

    #[test]
    fn a_date_before_fit_dates_is_left_out() {
        let p = plan_with("easy 5km");
        let w = &workouts(&p)[0];
        let bytes = encode(
            w,
            FileId {
                serial: 1,
                created: Some(0),
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(field(&decode(&bytes)[0].1, 4).is_none());
    }
}
