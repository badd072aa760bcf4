//! Mapped events as compact records, kept in partitions by customer hash so that every
//! customer's events are in one partition; past a budget they go to a temporary file, and are
//! read back one partition at a time, so memory stays bounded however long the input.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

/// How many partitions the customers are split into, by the top byte of their hash.
pub const PARTITIONS: usize = 256;

/// One mapped event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    /// The high half of the customer id's 128-bit hash (its top byte is the partition).
    pub hi: u64,
    /// The low half.
    pub lo: u64,
    /// Milliseconds since 1970, UTC.
    pub time: i64,
    /// The event's `value`; NaN when it has none.
    pub value: f64,
    /// The event's key (see `matching::Keys`), or its rank once a partition is read back.
    pub key: u32,
    /// A hash of the event's `transaction_id`; 0 when it has none.
    pub transaction: u64,
    /// The id of the event's `--by` value (see `segments::Values`), or its rank once a
    /// partition is read back; 0 without `--by`.
    pub segment: u32,
}

/// The bytes of a record in a spill file.
const RECORD_BYTES: usize = 48;

impl Record {
    /// The partition of the record's customer.
    pub fn partition(&self) -> usize {
        (self.hi >> 56) as usize
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.hi.to_le_bytes());
        out.extend_from_slice(&self.lo.to_le_bytes());
        out.extend_from_slice(&self.time.to_le_bytes());
        out.extend_from_slice(&self.value.to_bits().to_le_bytes());
        out.extend_from_slice(&self.key.to_le_bytes());
        out.extend_from_slice(&self.transaction.to_le_bytes());
        out.extend_from_slice(&self.segment.to_le_bytes());
    }

    fn decode(b: &[u8; RECORD_BYTES]) -> Self {
        let u64_at = |at: usize| {
            let mut word = [0; 8];
            word.copy_from_slice(&b[at..at + 8]);
            u64::from_le_bytes(word)
        };
        let u32_at = |at: usize| {
            let mut word = [0; 4];
            word.copy_from_slice(&b[at..at + 4]);
            u32::from_le_bytes(word)
        };
        Self {
            hi: u64_at(0),
            lo: u64_at(8),
            time: u64_at(16) as i64,
            value: f64::from_bits(u64_at(24)),
            key: u32_at(32),
            transaction: u64_at(36),
            segment: u32_at(44),
        }
    }
}

/// Where one partition's records of one spill are in the file: (offset, count).
type Segments = Vec<Vec<(u64, usize)>>;

/// A reading thread's temporary file.
#[derive(Debug)]
struct SpillFile {
    file: File,
    end: u64,
    segments: Segments,
}

/// One reading thread's records, by partition: in memory, and spilled.
#[derive(Debug)]
pub struct Buckets {
    buckets: Vec<Vec<Record>>,
    len: usize,
    spill: Option<SpillFile>,
}

impl Default for Buckets {
    fn default() -> Self {
        Self {
            buckets: vec![Vec::new(); PARTITIONS],
            len: 0,
            spill: None,
        }
    }
}

impl Buckets {
    /// Keeps a record.
    pub fn push(&mut self, record: Record) {
        self.buckets[record.partition()].push(record);
        self.len += 1;
    }

    /// How many records are in memory.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Writes the records in memory to the thread's temporary file (made in `temp_dir`, or the
    /// system's temporary folder) and forgets them.
    pub fn spill(&mut self, temp_dir: Option<&Path>) -> io::Result<()> {
        if self.spill.is_none() {
            let file = match temp_dir {
                Some(dir) => tempfile::tempfile_in(dir)?,
                None => tempfile::tempfile()?,
            };
            self.spill = Some(SpillFile {
                file,
                end: 0,
                segments: vec![Vec::new(); PARTITIONS],
            });
        }
        let Some(spill) = self.spill.as_mut() else {
            return Ok(());
        };
        let mut bytes = Vec::new();
        for (partition, bucket) in self.buckets.iter_mut().enumerate() {
            if bucket.is_empty() {
                continue;
            }
            bytes.clear();
            bytes.reserve(bucket.len() * RECORD_BYTES);
            for record in bucket.iter() {
                record.encode(&mut bytes);
            }
            spill.file.write_all(&bytes)?;
            spill.segments[partition].push((spill.end, bucket.len()));
            spill.end += bytes.len() as u64;
            bucket.clear();
        }
        self.len = 0;
        Ok(())
    }
}

/// Every reading thread's records, to be taken partition by partition (from any thread).
#[derive(Debug)]
pub struct Partitions {
    memory: Vec<Mutex<Vec<Vec<Record>>>>,
    spills: Vec<Mutex<SpillFile>>,
}

impl Partitions {
    /// Gathers the threads' records.
    pub fn new(threads: Vec<Buckets>) -> Self {
        let mut memory: Vec<Vec<Vec<Record>>> = vec![Vec::new(); PARTITIONS];
        let mut spills = Vec::new();
        for thread in threads {
            for (partition, bucket) in thread.buckets.into_iter().enumerate() {
                if !bucket.is_empty() {
                    memory[partition].push(bucket);
                }
            }
            spills.extend(thread.spill.map(Mutex::new));
        }
        Self {
            memory: memory.into_iter().map(Mutex::new).collect(),
            spills,
        }
    }

    /// Whether any record went to a temporary file.
    #[cfg(test)]
    pub fn spilled(&self) -> bool {
        !self.spills.is_empty()
    }

    /// Takes partition `partition`'s records, from memory and from the spill files.
    pub fn take(&self, partition: usize) -> io::Result<Vec<Record>> {
        self.read(partition, true)
    }

    /// A copy of partition `partition`'s records, which stay to be taken later (a first pass).
    pub fn copy(&self, partition: usize) -> io::Result<Vec<Record>> {
        self.read(partition, false)
    }

    fn read(&self, partition: usize, take: bool) -> io::Result<Vec<Record>> {
        let parts = if take {
            std::mem::take(&mut *lock(&self.memory[partition]))
        } else {
            lock(&self.memory[partition]).clone()
        };
        let segments: Vec<Vec<(u64, usize)>> = self
            .spills
            .iter()
            .map(|spill| {
                let mut spill = lock(spill);
                if take {
                    std::mem::take(&mut spill.segments[partition])
                } else {
                    spill.segments[partition].clone()
                }
            })
            .collect();
        let spilled: usize = segments.iter().flatten().map(|s| s.1).sum();
        let mut records = Vec::with_capacity(parts.iter().map(Vec::len).sum::<usize>() + spilled);
        for part in parts {
            records.extend_from_slice(&part);
        }
        let mut bytes = Vec::new();
        for (spill, segments) in self.spills.iter().zip(segments) {
            let mut spill = lock(spill);
            for (offset, count) in segments {
                bytes.resize(count * RECORD_BYTES, 0);
                spill.file.seek(SeekFrom::Start(offset))?;
                spill.file.read_exact(&mut bytes)?;
                records.extend(bytes.chunks_exact(RECORD_BYTES).map(|b| {
                    let mut record = [0; RECORD_BYTES];
                    record.copy_from_slice(b);
                    Record::decode(&record)
                }));
            }
        }
        Ok(records)
    }
}

/// A lock, whether or not another thread panicked holding it (the data is plain records).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(hi: u64, time: i64) -> Record {
        Record {
            hi,
            lo: 7,
            time,
            value: if time % 2 == 0 { f64::NAN } else { 1.5 },
            key: time as u32,
            transaction: (time as u64).wrapping_mul(31),
            segment: (time as u32) ^ 5,
        }
    }

    fn same(a: &Record, b: &Record) -> bool {
        (
            a.hi,
            a.lo,
            a.time,
            a.value.to_bits(),
            a.key,
            a.transaction,
            a.segment,
        ) == (
            b.hi,
            b.lo,
            b.time,
            b.value.to_bits(),
            b.key,
            b.transaction,
            b.segment,
        )
    }

    #[test]
    fn records_come_back_by_partition_from_memory_and_spills() {
        let mut one = Buckets::default();
        let mut two = Buckets::default();
        let all: Vec<Record> = (0..40).map(|n| record((n as u64 % 3) << 56, n)).collect();
        for (n, r) in all.iter().enumerate() {
            let buckets = if n % 2 == 0 { &mut one } else { &mut two };
            buckets.push(*r);
            if n % 7 == 6 {
                buckets.spill(None).unwrap();
                assert_eq!(buckets.len(), 0);
            }
        }
        let partitions = Partitions::new(vec![one, two]);
        assert!(partitions.spilled());
        for partition in 0..3 {
            let copied = partitions.copy(partition).unwrap();
            let mut got = partitions.take(partition).unwrap();
            assert!(
                copied.iter().zip(&got).all(|(a, b)| same(a, b)),
                "a copy leaves them"
            );
            got.sort_by_key(|r| r.time);
            let wanted: Vec<&Record> = all.iter().filter(|r| r.partition() == partition).collect();
            assert_eq!(got.len(), wanted.len());
            assert!(got.iter().zip(wanted).all(|(a, b)| same(a, b)));
        }
        assert!(partitions.take(3).unwrap().is_empty());
        assert!(partitions.take(0).unwrap().is_empty(), "taken once");
    }
}
