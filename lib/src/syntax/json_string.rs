//! The bytes a JSON string cannot hold as they are (`"`, `\` and control
//! characters), found eight at a time: the JSON reader stops at them and
//! the JSON Lines writer escapes them, and in between, which is nearly all
//! of every string, both copy.

/// Whether `b` must be escaped in a JSON string.
pub static SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether any byte of `word` is below 0x20, `"` or `\`. A word without
/// one is never flagged; one with one may flag others after it, which the
/// byte-by-byte look that follows sorts out.
fn any_special(word: u64) -> bool {
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    (below_space
        | zero_byte(word ^ (ONES * u64::from(b'"')))
        | zero_byte(word ^ (ONES * u64::from(b'\\'))))
        != 0
}

/// The length of the run of `bytes` before its first special byte (all of
/// it when there is none).
pub fn plain_len(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        if any_special(word) {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if SPECIAL[usize::from(b)] {
            return i;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(bytes: &[u8]) -> usize {
        bytes
            .iter()
            .position(|&b| SPECIAL[usize::from(b)])
            .unwrap_or(bytes.len())
    }

    #[test]
    fn every_byte_at_every_offset() {
        for special in 0..=255u8 {
            for at in 0..20 {
                for len in at..24 {
                    let mut bytes = vec![b'a'; len + 1];
                    bytes[at] = special;
                    // Bytes around it that look like others to a careless test.
                    if at + 1 < bytes.len() {
                        bytes[at + 1] = 0xFF;
                    }
                    assert_eq!(
                        plain_len(&bytes),
                        slow(&bytes),
                        "{special:#x} at {at} of {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn high_bytes_are_plain() {
        let text = "é✓𝄞".repeat(10);
        assert_eq!(plain_len(text.as_bytes()), text.len());
        assert_eq!(plain_len(b""), 0);
    }
}
