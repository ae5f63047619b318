//! Active and hidden content in PDF files. A PDF is stored and handed to officers as sent, so
//! whatever a reader runs by itself would run on an officer's computer: scripts, launch actions,
//! embedded files, rich media, actions run on opening, and encryption (which also hides all of
//! these from this check). [`scan`] decides, without a PDF library, whether a file carries any of
//! them, so that it can be refused.
//!
//! It errs on the side of refusing. Names are read as readers read them (`/Java#53cript` is
//! `/JavaScript`); object streams are decompressed and read too; every `N G obj` anywhere in the
//! file is parsed, because a reader goes wherever the cross-reference table points. Only the data
//! of streams whose extent is certain and that hold no object is not searched for names: it is
//! binary (pictures, fonts), where a chance "/JS" would refuse a harmless scan. What cannot be read
//! within the limits is refused as unreadable, never accepted unchecked.

use flate2::read::ZlibDecoder;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// Bytes all object streams of a file may decompress to together: far more than the objects of
/// any document need, and a bound on the memory a small file can claim (a decompression bomb).
pub const MAX_INFLATED_BYTES: usize = 50 * 1024 * 1024;

/// Object streams decompressed per file.
const MAX_OBJECT_STREAMS: usize = 10_000;

/// Bytes the parser reads, all objects together: objects overlapping each other on purpose
/// cannot make the work grow with the square of the size.
const MAX_PARSED_BYTES: usize = 96 * 1024 * 1024;

/// Values kept, all objects together (about 50 bytes each): a bound on the memory a file made of
/// endless dictionaries can claim. Documents of thousands of pages have a few hundred thousand.
const MAX_VALUES: usize = 2_000_000;

/// Nesting of arrays and dictionaries.
const MAX_DEPTH: usize = 64;

/// Indirect references followed from one value.
const MAX_HOPS: usize = 8;

/// Objects looked up by reference, all lookups together: many definitions of one object cannot
/// make the work grow with the square of their number.
const MAX_LOOKUPS: usize = 4_000_000;

/// Objects with a header that is not the plain `N G obj` (a comment between the numbers): each
/// stands for every reference, so there may be only a few.
const MAX_UNNUMBERED: usize = 100;

/// White space between a stream's data and `endstream`.
const MAX_SPACE_BEFORE_ENDSTREAM: usize = 1024;

/// The file itself, as opposed to a decompressed object stream.
const FILE: usize = 0;

/// Why a PDF is refused: for the log; the uploader gets one message for all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `/Encrypt`: nothing in it can be checked.
    Encrypted,
    /// `/JavaScript`, `/JS`.
    Script,
    /// `/Launch`: starts a program or opens another file.
    Launch,
    /// `/EmbeddedFile`, `/EmbeddedFiles`, `/EF`, `/FileAttachment`: files carried inside.
    EmbeddedFile,
    /// `/RichMedia`: Flash, video, 3D.
    RichMedia,
    /// `/SubmitForm`, `/ImportData`, `/XFA`.
    FormAction,
    /// `/OpenAction` or `/AA` that does anything but go to a place in the document.
    AutoAction,
    /// Not readable within the limits, or a stream that cannot be decoded.
    Unreadable,
}

/// Whether the PDF may be stored: `Err` with the first reason found when it carries active or
/// hidden content or cannot be checked. Encryption is named before anything else.
pub fn scan(bytes: &[u8]) -> Result<(), Refusal> {
    let mut scan = Scan::default();
    let marks = Marks { headers: object_headers(bytes), endstreams: positions(bytes, b"endstream") };
    let streams = scan.read_objects(bytes, &marks.headers)?;
    if scan.unnumbered.len() > MAX_UNNUMBERED {
        return Err(Refusal::Unreadable);
    }

    // Object streams first: the lengths of other streams may be kept inside them.
    let mut decoded = Vec::new();
    for stream in &streams {
        if let Some(Value::Dict(dict)) = scan.objects.get(stream.object).map(|o| &o.value)
            && is_object_stream(dict)
        {
            let (end, _) = scan.extent(bytes, &marks, stream.start, dict);
            decoded.push(ObjectStream {
                start: stream.start,
                end,
                passes: scan.flate_passes(dict),
                first: scan.integer(get(dict, Known::First)),
            });
        }
    }
    if decoded.len() > MAX_OBJECT_STREAMS {
        return Err(Refusal::Unreadable);
    }
    for (index, stream) in decoded.iter().enumerate() {
        scan.object_stream(bytes, stream, index + 1)?;
    }

    let mut skipped = Vec::new();
    for stream in &streams {
        if let Some(Value::Dict(dict)) = scan.objects.get(stream.object).map(|o| &o.value) {
            let (end, skippable) = scan.extent(bytes, &marks, stream.start, dict);
            if skippable {
                skipped.push((stream.start, end));
            }
        }
    }
    scan.names(bytes, &skipped, FILE);

    if let Some(refusal) = scan.found {
        return Err(refusal);
    }
    if scan.unreadable || scan.lookups.get() > MAX_LOOKUPS {
        return Err(Refusal::Unreadable);
    }
    let actions = scan.automatic_actions();
    if scan.lookups.get() > MAX_LOOKUPS {
        return Err(Refusal::Unreadable);
    }
    actions
}

/// What a name refuses. Beyond the review's list (scripts, launch, embedded files, rich media,
/// encryption): `/EF` and `/FileAttachment` also carry files; `/SubmitForm` and `/ImportData`
/// send the form's data away or load data into it; `/XFA` forms carry their own scripts.
fn forbidden(name: &[u8]) -> Option<Refusal> {
    Some(match name {
        b"Encrypt" => Refusal::Encrypted,
        b"JavaScript" | b"JS" => Refusal::Script,
        b"Launch" => Refusal::Launch,
        b"EmbeddedFile" | b"EmbeddedFiles" | b"EF" | b"FileAttachment" => Refusal::EmbeddedFile,
        b"RichMedia" => Refusal::RichMedia,
        b"SubmitForm" | b"ImportData" | b"XFA" => Refusal::FormAction,
        _ => return None,
    })
}

/// Keys whose actions run without the reader asking: checked by their value.
fn is_automatic(name: &[u8]) -> bool {
    name == b"OpenAction" || name == b"AA"
}

fn is_space(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(b: u8) -> bool {
    !is_space(b) && !is_delimiter(b)
}

fn hex_digit(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// The name starting at the slash, its `#xx` escapes decoded, and where it ends.
fn read_name(bytes: &[u8], slash: usize) -> (Vec<u8>, usize) {
    let mut name = Vec::new();
    let mut i = slash + 1;
    while let Some(&b) = bytes.get(i) {
        if !is_regular(b) {
            break;
        }
        if b == b'#'
            && let (Some(high), Some(low)) =
                (bytes.get(i + 1).copied().and_then(hex_digit), bytes.get(i + 2).copied().and_then(hex_digit))
        {
            name.push((high << 4) | low);
            i += 3;
            continue;
        }
        name.push(b);
        i += 1;
    }
    (name, i)
}

fn find(bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

fn positions(bytes: &[u8], needle: &[u8]) -> Vec<usize> {
    bytes.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect()
}

/// Where each `obj` keyword that may close an object header (`12 0 obj`) is. Loose on purpose:
/// it also takes `obj` after a comment, which readers accept between the numbers.
fn object_headers(bytes: &[u8]) -> Vec<usize> {
    positions(bytes, b"obj")
        .into_iter()
        .filter(|&i| {
            let before = i.checked_sub(1).and_then(|j| bytes.get(j));
            let after = bytes.get(i + 3);
            before.is_some_and(|&c| c.is_ascii_digit() || is_space(c)) && after.is_none_or(|&c| !is_regular(c))
        })
        .collect()
}

/// Positions found once in the whole file, so that no search runs once per stream.
struct Marks {
    headers: Vec<usize>,
    endstreams: Vec<usize>,
}

/// The first mark at or after `from`.
fn next_mark(marks: &[usize], from: usize) -> Option<usize> {
    marks.get(marks.partition_point(|&m| m < from)).copied()
}

fn trailing(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes.iter().rev().take_while(|&&b| pred(b)).count()
}

/// The object number of the header ending in `obj` at `at`, when it is the plain `N G obj`.
fn object_number(bytes: &[u8], at: usize) -> Option<u64> {
    let before = bytes.get(..at)?;
    let before = &before[..before.len() - trailing(before, is_space)];
    let generation = trailing(before, |b| b.is_ascii_digit());
    let rest = &before[..before.len() - generation];
    let spaces = trailing(rest, is_space);
    let rest = &rest[..rest.len() - spaces];
    let digits = trailing(rest, |b| b.is_ascii_digit());
    let head = &rest[..rest.len() - digits];
    if generation == 0 || spaces == 0 || digits == 0 || head.last().is_some_and(|&b| is_regular(b)) {
        return None;
    }
    std::str::from_utf8(&rest[head.len()..]).ok()?.parse().ok()
}

/// Whether `endstream` follows `end`, after white space.
fn at_endstream(bytes: &[u8], end: usize) -> bool {
    let rest = bytes.get(end..).unwrap_or_default();
    let spaces = rest.iter().take(MAX_SPACE_BEFORE_ENDSTREAM).take_while(|&&b| is_space(b)).count();
    rest.get(spaces..).is_some_and(|r| r.starts_with(b"endstream"))
}

fn unsigned(word: &[u8]) -> Option<u64> {
    if word.is_empty() || !word.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(word).ok()?.parse().ok()
}

/// The names this check looks at, as keys or values; all others are kept as `Other`, so that a
/// parsed value costs no allocation per name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    OpenAction,
    AA,
    S,
    Next,
    GoTo,
    Type,
    ObjStm,
    First,
    Length,
    Filter,
    FlateDecode,
    DecodeParms,
    Predictor,
    Other,
}

impl Known {
    fn of(name: &[u8]) -> Self {
        match name {
            b"OpenAction" => Self::OpenAction,
            b"AA" => Self::AA,
            b"S" => Self::S,
            b"Next" => Self::Next,
            b"GoTo" => Self::GoTo,
            b"Type" => Self::Type,
            b"ObjStm" => Self::ObjStm,
            b"First" => Self::First,
            b"Length" => Self::Length,
            b"Filter" => Self::Filter,
            // `Fl` is the abbreviation pdf.js accepts as well.
            b"FlateDecode" | b"Fl" => Self::FlateDecode,
            b"DecodeParms" => Self::DecodeParms,
            b"Predictor" => Self::Predictor,
            _ => Self::Other,
        }
    }
}

#[derive(Debug)]
enum Value {
    Null,
    Int(i64),
    Name(Known),
    Ref(u64),
    Array(Vec<Value>),
    Dict(Vec<Entry>),
    Other,
}

#[derive(Debug)]
struct Entry {
    key: Known,
    /// Where the key's slash is in its source.
    at: usize,
    value: Value,
}

/// The value of the last entry named `key`, as readers take it.
fn get(dict: &[Entry], key: Known) -> Option<&Value> {
    dict.iter().rev().find(|e| e.key == key).map(|e| &e.value)
}

/// An object stream as readers find it: by its type, or (pdf.js) by its `/First` alone.
fn is_object_stream(dict: &[Entry]) -> bool {
    dict.iter().any(|e| match e.key {
        Known::Type => matches!(e.value, Value::Name(Known::ObjStm)),
        Known::First => true,
        _ => false,
    })
}

enum Token<'a> {
    Name(Vec<u8>, usize),
    DictOpen,
    DictClose,
    ArrayOpen,
    ArrayClose,
    Str,
    Word(&'a [u8]),
    Eof,
}

/// The parser's work so far, all objects together.
#[derive(Default)]
struct Budget {
    bytes: usize,
    values: usize,
}

struct Parser<'a, 'b> {
    bytes: &'a [u8],
    pos: usize,
    budget: &'b mut Budget,
}

impl<'a, 'b> Parser<'a, 'b> {
    fn new(bytes: &'a [u8], pos: usize, budget: &'b mut Budget) -> Self {
        Self { bytes, pos, budget }
    }

    fn token(&mut self) -> Result<Token<'a>, Refusal> {
        let start = self.pos;
        let token = self.lex();
        self.budget.bytes = self.budget.bytes.saturating_add(self.pos.saturating_sub(start));
        if self.budget.bytes > MAX_PARSED_BYTES {
            return Err(Refusal::Unreadable);
        }
        Ok(token)
    }

    fn lex(&mut self) -> Token<'a> {
        let bytes = self.bytes;
        loop {
            match bytes.get(self.pos) {
                None => return Token::Eof,
                Some(&b) if is_space(b) => self.pos += 1,
                Some(b'%') => {
                    while bytes.get(self.pos).is_some_and(|&b| b != b'\r' && b != b'\n') {
                        self.pos += 1;
                    }
                }
                Some(_) => break,
            }
        }
        let start = self.pos;
        let next = bytes.get(start + 1).copied();
        match bytes.get(start).copied().unwrap_or_default() {
            b'/' => {
                let (name, end) = read_name(bytes, start);
                self.pos = end;
                Token::Name(name, start)
            }
            b'<' if next == Some(b'<') => {
                self.pos += 2;
                Token::DictOpen
            }
            b'>' if next == Some(b'>') => {
                self.pos += 2;
                Token::DictClose
            }
            b'<' => {
                self.pos = find(bytes, b">", start).map_or(bytes.len(), |end| end + 1);
                Token::Str
            }
            b'[' => {
                self.pos += 1;
                Token::ArrayOpen
            }
            b']' => {
                self.pos += 1;
                Token::ArrayClose
            }
            b'(' => {
                let mut depth = 0usize;
                let mut i = start;
                while let Some(&b) = bytes.get(i) {
                    i += 1;
                    match b {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                self.pos = i.min(bytes.len());
                Token::Str
            }
            b if !is_regular(b) => {
                // A stray `)`, `>`, `{` or `}`.
                self.pos += 1;
                Token::Word(&bytes[start..self.pos])
            }
            _ => {
                let run = bytes[start..].iter().take_while(|&&b| is_regular(b)).count();
                self.pos = start + run;
                Token::Word(&bytes[start..self.pos])
            }
        }
    }

    fn value(&mut self, token: Token<'a>, depth: usize) -> Result<Value, Refusal> {
        self.budget.values += 1;
        if depth > MAX_DEPTH || self.budget.values > MAX_VALUES {
            return Err(Refusal::Unreadable);
        }
        Ok(match token {
            Token::Name(name, _) => Value::Name(Known::of(&name)),
            Token::DictOpen => self.dict(depth)?,
            Token::ArrayOpen => self.array(depth)?,
            Token::Word(word) => self.word(word)?,
            _ => Value::Other,
        })
    }

    fn dict(&mut self, depth: usize) -> Result<Value, Refusal> {
        let mut entries = Vec::new();
        loop {
            match self.token()? {
                Token::DictClose | Token::Eof => break,
                Token::Name(key, at) => {
                    let key = Known::of(&key);
                    let next = self.token()?;
                    if matches!(next, Token::DictClose | Token::Eof) {
                        entries.push(Entry { key, at, value: Value::Null });
                        break;
                    }
                    let value = self.value(next, depth + 1)?;
                    entries.push(Entry { key, at, value });
                }
                // A key that is not a name is skipped, as readers do.
                _ => {}
            }
        }
        Ok(Value::Dict(entries))
    }

    fn array(&mut self, depth: usize) -> Result<Value, Refusal> {
        let mut items = Vec::new();
        loop {
            match self.token()? {
                Token::ArrayClose | Token::Eof => break,
                Token::DictClose => {}
                token => items.push(self.value(token, depth + 1)?),
            }
        }
        Ok(Value::Array(items))
    }

    /// A number, `null`, a keyword, or the reference `N G R`.
    fn word(&mut self, word: &[u8]) -> Result<Value, Refusal> {
        if word == b"null" {
            return Ok(Value::Null);
        }
        let Some(number) = unsigned(word) else {
            let signed = std::str::from_utf8(word).ok().and_then(|w| w.parse().ok());
            return Ok(signed.map_or(Value::Other, Value::Int));
        };
        let save = self.pos;
        if let Token::Word(generation) = self.token()?
            && unsigned(generation).is_some()
            && let Token::Word(b"R") = self.token()?
        {
            return Ok(Value::Ref(number));
        }
        self.pos = save;
        Ok(i64::try_from(number).map_or(Value::Other, Value::Int))
    }

    /// After a stream's dictionary: where its data starts, if `stream` follows.
    fn stream_start(&mut self) -> Result<Option<usize>, Refusal> {
        let save = self.pos;
        if let Token::Word(b"stream") = self.token()? {
            if self.bytes.get(self.pos) == Some(&b'\r') {
                self.pos += 1;
            }
            if self.bytes.get(self.pos) == Some(&b'\n') {
                self.pos += 1;
            }
            return Ok(Some(self.pos));
        }
        self.pos = save;
        Ok(None)
    }
}

struct Object {
    /// [`FILE`], or the decompressed object stream it was read from.
    source: usize,
    value: Value,
}

struct Stream {
    object: usize,
    start: usize,
}

struct ObjectStream {
    start: usize,
    end: usize,
    /// How many times the data is inflated; `None` for a filter that is not read here.
    passes: Option<usize>,
    first: Option<i64>,
}

#[derive(Default)]
struct Scan {
    objects: Vec<Object>,
    numbered: HashMap<u64, Vec<usize>>,
    /// Dictionaries and arrays whose header is not the plain `N G obj`: possible targets of
    /// every reference, as the reader may know their number.
    unnumbered: Vec<usize>,
    lookups: Cell<usize>,
    budget: Budget,
    inflated: usize,
    found: Option<Refusal>,
    unreadable: bool,
    /// Where `/OpenAction` and `/AA` occur, as (source, offset): each must have been checked.
    automatic: Vec<(usize, usize)>,
}

impl Scan {
    fn add(&mut self, source: usize, number: Option<u64>, value: Value) -> usize {
        let index = self.objects.len();
        match (number, &value) {
            (Some(n), _) => self.numbered.entry(n).or_default().push(index),
            (None, Value::Dict(_) | Value::Array(_)) => self.unnumbered.push(index),
            (None, _) => {}
        }
        self.objects.push(Object { source, value });
        index
    }

    /// Parses the value after every object header of the file; returns the streams.
    fn read_objects(&mut self, bytes: &[u8], headers: &[usize]) -> Result<Vec<Stream>, Refusal> {
        let mut streams = Vec::new();
        for &at in headers {
            let mut parser = Parser::new(bytes, at + 3, &mut self.budget);
            let first = parser.token()?;
            let value = parser.value(first, 0)?;
            let start = if matches!(value, Value::Dict(_)) { parser.stream_start()? } else { None };
            let object = self.add(FILE, object_number(bytes, at), value);
            if let Some(start) = start {
                streams.push(Stream { object, start });
            }
        }
        Ok(streams)
    }

    /// Where a stream's data ends, and whether that is certain (its `/Length` leads to
    /// `endstream`) and the data holds no object header, so that it need not be searched.
    fn extent(&self, bytes: &[u8], marks: &Marks, start: usize, dict: &[Entry]) -> (usize, bool) {
        let declared = self
            .integer(get(dict, Known::Length))
            .and_then(|length| usize::try_from(length).ok())
            .and_then(|length| start.checked_add(length))
            .filter(|&end| end <= bytes.len() && at_endstream(bytes, end));
        let end = declared.unwrap_or_else(|| next_mark(&marks.endstreams, start).unwrap_or(bytes.len()));
        let holds_object = next_mark(&marks.headers, start).is_some_and(|h| h < end);
        (end, declared.is_some() && !holds_object)
    }

    /// Every value a reference may stand for (all definitions of the object, and every object
    /// whose number could not be read); `None` when it leads nowhere or too far.
    fn resolve<'s>(&'s self, value: &'s Value) -> Option<Vec<&'s Value>> {
        let mut found = Vec::new();
        let mut pending = vec![value];
        let mut seen = HashSet::new();
        for _ in 0..MAX_HOPS {
            let mut next = Vec::new();
            for value in pending {
                let Value::Ref(number) = value else {
                    found.push(value);
                    continue;
                };
                let defined = self.numbered.get(number)?;
                self.lookups.set(self.lookups.get().saturating_add(defined.len() + self.unnumbered.len()));
                if self.lookups.get() > MAX_LOOKUPS {
                    return None;
                }
                for &index in defined.iter().chain(&self.unnumbered) {
                    if seen.insert(index)
                        && let Some(object) = self.objects.get(index)
                    {
                        next.push(&object.value);
                    }
                }
            }
            if next.is_empty() {
                return Some(found);
            }
            pending = next;
        }
        None
    }

    /// An integer, direct or by reference, when every definition agrees.
    fn integer(&self, value: Option<&Value>) -> Option<i64> {
        let values = self.resolve(value?)?;
        let mut numbers = values.iter().map(|v| match v {
            Value::Int(n) => Some(*n),
            _ => None,
        });
        let first = numbers.next()??;
        numbers.all(|n| n == Some(first)).then_some(first)
    }

    /// The one value a reference stands for.
    fn single<'s>(&'s self, value: &'s Value) -> Option<&'s Value> {
        match self.resolve(value)?.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// How many Flate passes decode an object stream; `None` for any other filter or a
    /// predictor (both unknown in object streams written by real tools).
    fn flate_passes(&self, dict: &[Entry]) -> Option<usize> {
        let is_flate = |v: &Value| matches!(v, Value::Name(Known::FlateDecode));
        let passes = match get(dict, Known::Filter).map(|f| self.single(f)) {
            None | Some(Some(Value::Null)) => 0,
            Some(Some(filter)) if is_flate(filter) => 1,
            Some(Some(Value::Array(filters))) => {
                let resolved: Option<Vec<_>> = filters.iter().map(|f| self.single(f)).collect();
                let resolved = resolved?;
                resolved.iter().all(|f| is_flate(f)).then_some(resolved.len())?
            }
            Some(_) => return None,
        };
        let predictor = |v: &Value| match v {
            Value::Dict(parms) => get(parms, Known::Predictor).is_some_and(|p| self.integer(Some(p)) != Some(1)),
            _ => false,
        };
        let parms: Vec<&Value> = match get(dict, Known::DecodeParms).map(|p| self.single(p)) {
            None => Vec::new(),
            Some(None) => return None,
            Some(Some(Value::Array(items))) => items.iter().filter_map(|i| self.single(i)).collect(),
            Some(Some(one)) => vec![one],
        };
        (!parms.into_iter().any(predictor)).then_some(passes)
    }

    fn inflate(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        let room = MAX_INFLATED_BYTES.saturating_sub(self.inflated);
        let mut out = Vec::new();
        let limit = u64::try_from(room).unwrap_or(u64::MAX).saturating_add(1);
        ZlibDecoder::new(data).take(limit).read_to_end(&mut out).ok()?;
        self.inflated += out.len();
        (out.len() <= room).then_some(out)
    }

    /// Decompresses an object stream, searches it for names and parses its objects. A stream
    /// that cannot be decoded makes the file unreadable, after the file's names are searched.
    fn object_stream(&mut self, bytes: &[u8], stream: &ObjectStream, source: usize) -> Result<(), Refusal> {
        let raw = bytes.get(stream.start..stream.end).unwrap_or_default();
        let mut data = raw.to_vec();
        let Some(passes) = stream.passes else {
            self.unreadable = true;
            return Ok(());
        };
        for _ in 0..passes {
            match self.inflate(&data) {
                Some(inflated) => data = inflated,
                None => {
                    self.unreadable = true;
                    return Ok(());
                }
            }
        }
        self.names(&data, &[], source);

        let Some(first) = stream.first.and_then(|f| usize::try_from(f).ok()) else { return Ok(()) };
        let header = data.get(..first).unwrap_or(&data);
        let mut entries = Vec::new();
        let mut parser = Parser::new(header, 0, &mut self.budget);
        while let (Token::Word(number), Token::Word(offset)) = (parser.token()?, parser.token()?) {
            let (Some(number), Some(offset)) = (unsigned(number), unsigned(offset)) else { break };
            entries.push((number, offset));
        }
        for (number, offset) in entries {
            let Some(at) = usize::try_from(offset).ok().and_then(|o| first.checked_add(o)) else { continue };
            let mut parser = Parser::new(&data, at, &mut self.budget);
            let token = parser.token()?;
            let value = parser.value(token, 0)?;
            self.add(source, Some(number), value);
        }
        Ok(())
    }

    /// Reads every name outside the skipped ranges: a forbidden one is kept as the reason
    /// (encryption before any other), `/OpenAction` and `/AA` are noted to be checked.
    fn names(&mut self, bytes: &[u8], skipped: &[(usize, usize)], source: usize) {
        let mut skipped = skipped.to_vec();
        skipped.sort_unstable();
        let mut from = 0;
        let mut parts = Vec::new();
        for (start, end) in skipped {
            if start > from {
                parts.push((from, start));
            }
            from = from.max(end);
        }
        parts.push((from, bytes.len()));
        for (start, end) in parts {
            let part = bytes.get(start..end).unwrap_or_default();
            let mut i = 0;
            while let Some(offset) = part.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'/')) {
                let slash = i + offset;
                let (name, next) = read_name(part, slash);
                i = next;
                if is_automatic(&name) {
                    self.automatic.push((source, start + slash));
                }
                match forbidden(&name) {
                    Some(Refusal::Encrypted) => self.found = Some(Refusal::Encrypted),
                    Some(refusal) if self.found.is_none() => self.found = Some(refusal),
                    _ => {}
                }
            }
        }
    }

    /// Checks every `/OpenAction` and `/AA` of every object; one found among the names that no
    /// object explains (in a string, in damaged syntax) refuses the file as well.
    fn automatic_actions(&self) -> Result<(), Refusal> {
        let mut checked = HashSet::new();
        for object in &self.objects {
            self.walk(&object.value, object.source, &mut checked)?;
        }
        if self.automatic.iter().all(|at| checked.contains(at)) { Ok(()) } else { Err(Refusal::AutoAction) }
    }

    fn walk(&self, value: &Value, source: usize, checked: &mut HashSet<(usize, usize)>) -> Result<(), Refusal> {
        match value {
            Value::Dict(entries) => {
                for entry in entries {
                    if entry.key == Known::OpenAction {
                        self.run_on_its_own(&entry.value)?;
                        checked.insert((source, entry.at));
                    } else if entry.key == Known::AA {
                        for target in self.resolve(&entry.value).ok_or(Refusal::AutoAction)? {
                            if let Value::Dict(triggers) = target {
                                for trigger in triggers {
                                    self.run_on_its_own(&trigger.value)?;
                                }
                            }
                        }
                        checked.insert((source, entry.at));
                    }
                    self.walk(&entry.value, source, checked)?;
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.walk(item, source, checked)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// An action run without the reader asking: a destination, or a `/GoTo` to one, passes;
    /// any other kind, or an action chained after it with `/Next`, is refused.
    fn run_on_its_own(&self, value: &Value) -> Result<(), Refusal> {
        for target in self.resolve(value).ok_or(Refusal::AutoAction)? {
            let Value::Dict(entries) = target else { continue };
            for entry in entries {
                match entry.key {
                    Known::Next => return Err(Refusal::AutoAction),
                    Known::S => {
                        let kinds = self.resolve(&entry.value).ok_or(Refusal::AutoAction)?;
                        if !kinds.iter().all(|k| matches!(k, Value::Name(Known::GoTo))) {
                            return Err(Refusal::AutoAction);
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::ZlibEncoder;
    use std::io::Write;

    /// A PDF of the objects, numbered from 1, with a cross-reference table and the trailer's
    /// entries after `/Size` and `/Root`.
    fn pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend(body);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for offset in offsets {
            out.extend(format!("{offset:010} 00000 n \n").as_bytes());
        }
        let size = objects.len() + 1;
        out.extend(format!("trailer\n<< /Size {size} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
        out
    }

    fn obj(text: &str) -> Vec<u8> {
        text.as_bytes().to_vec()
    }

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        out.extend(data);
        out.extend(b"\nendstream");
        out
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        assert!(encoder.write_all(data).is_ok());
        encoder.finish().unwrap_or_default()
    }

    /// A Flate-compressed object stream (with `dict` before `/N`) holding `objects` as the
    /// objects numbered from `number`.
    fn object_stream(dict: &str, number: usize, objects: &[&str]) -> Vec<u8> {
        let mut header = String::new();
        let mut body = String::new();
        for (i, object) in objects.iter().enumerate() {
            header.push_str(&format!("{} {} ", number + i, body.len()));
            body.push_str(object);
            body.push('\n');
        }
        let first = header.len() + 1;
        let data = zlib(format!("{header}\n{body}").as_bytes());
        stream(&format!("{dict} /N {} /First {first} /Filter /FlateDecode", objects.len()), &data)
    }

    /// A one-page document: 1 catalog (with `catalog` added), 2 pages, 3 page (with `page`
    /// added), 4 its text; `more` are numbered from 5.
    fn document(catalog: &str, page: &str, more: &[Vec<u8>]) -> Vec<u8> {
        let mut objects = vec![
            obj(&format!("<< /Type /Catalog /Pages 2 0 R {catalog} >>")),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj(&format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R {page} >>")),
            stream("/Filter /FlateDecode", &zlib(b"BT /F1 12 Tf 72 770 Td (Labour contract) Tj ET")),
        ];
        objects.extend(more.iter().cloned());
        pdf(&objects, "")
    }

    fn plain(catalog: &str) -> Vec<u8> {
        document(catalog, "", &[])
    }

    #[test]
    fn a_plain_pdf_is_accepted() {
        assert_eq!(scan(&plain("")), Ok(()));
        // A picture whose bytes happen to read "/JS" is not searched: its length is certain.
        let picture = b"\xff\xd8\xff\xe0 /JS (x) /Launch << /S /URI >> \xff\xd9";
        let with_picture = document(
            "/Metadata 6 0 R",
            "/Resources << /XObject << /Im1 5 0 R >> >>",
            &[
                stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /Filter /DCTDecode", picture),
                // An indirect length, as many tools write it.
                [b"<< /Type /Metadata /Length 7 0 R >>\nstream\n".as_slice(), picture, b"\nendstream"].concat(),
                obj(&picture.len().to_string()),
            ],
        );
        assert_eq!(scan(&with_picture), Ok(()));
        // Links and names that merely start like a forbidden one.
        let links = document(
            "/PageMode /UseOutlines /JSON (x) /Launcher 1",
            "/Annots [<< /Subtype /Link /A << /S /URI /URI (https://example.org) >> >>]",
            &[],
        );
        assert_eq!(scan(&links), Ok(()));
    }

    #[test]
    fn each_kind_of_active_content_is_refused() {
        let cases = [
            ("/Names << /JavaScript << /Names [(a) 5 0 R] >> >>", Refusal::Script),
            ("/Foo << /S /Bar /JS (app.alert(1)) >>", Refusal::Script),
            ("/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>", Refusal::EmbeddedFile),
            ("/Foo << /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>", Refusal::EmbeddedFile),
            ("/Foo << /Type /EmbeddedFile >>", Refusal::EmbeddedFile),
            ("/Foo << /Subtype /FileAttachment >>", Refusal::EmbeddedFile),
            ("/Foo << /Subtype /RichMedia >>", Refusal::RichMedia),
            ("/AcroForm << /Fields [] /XFA 5 0 R >>", Refusal::FormAction),
            ("/Foo << /S /SubmitForm /F (https://example.org) >>", Refusal::FormAction),
            ("/Foo << /S /ImportData /F (data.fdf) >>", Refusal::FormAction),
        ];
        for (entries, reason) in cases {
            assert_eq!(scan(&plain(entries)), Err(reason), "{entries}");
        }
        let launch = document("", "/Annots [<< /Subtype /Link /A << /S /Launch /F (cmd.exe) >> >>]", &[]);
        assert_eq!(scan(&launch), Err(Refusal::Launch));
    }

    #[test]
    fn an_encrypted_pdf_is_refused_before_anything_else() {
        let objects = [
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [] /Count 0 >>"),
            obj("<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"),
            // Encrypted object streams cannot be decoded: the reason is still encryption.
            stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", b"\x01\x02garbage"),
            obj("<< /S /JavaScript >>"),
        ];
        assert_eq!(scan(&pdf(&objects, "/Encrypt 3 0 R /ID [<01> <01>]")), Err(Refusal::Encrypted));
    }

    #[test]
    fn escaped_names_are_read_as_readers_read_them() {
        assert_eq!(scan(&plain("/Foo << /S /Java#53cript /J#53 (x) >>")), Err(Refusal::Script));
        assert_eq!(scan(&plain("/Foo << /#4A#53 (x) >>")), Err(Refusal::Script));
        assert_eq!(scan(&plain("/Foo << /S /#4C#61unch >>")), Err(Refusal::Launch));
        assert_eq!(scan(&plain("/Open#41ction << /S /URI /URI (https://example.org) >>")), Err(Refusal::AutoAction));
        assert_eq!(scan(&pdf(&[obj("<< /Type /Catalog >>")], "/#45ncrypt 5 0 R")), Err(Refusal::Encrypted));
    }

    #[test]
    fn names_inside_compressed_object_streams_are_found() {
        // Long enough to be compressed, not stored as it is.
        let padding = format!("[{}]", "0 ".repeat(2000));
        let hidden = object_stream("/Type /ObjStm", 6, &["<< /S /JavaScript /JS (app.alert(1)) >>", &padding]);
        let compressed = document("/OpenAction 6 0 R", "", &[hidden]);
        assert!(!compressed.windows(10).any(|w| w == b"JavaScript"), "the script is compressed");
        assert_eq!(scan(&compressed), Err(Refusal::Script));
        // pdf.js reads an object stream by its /First alone.
        let untyped = object_stream("", 6, &["<< /S /Launch /F (cmd.exe) >>"]);
        assert_eq!(scan(&document("", "", &[untyped])), Err(Refusal::Launch));
        // The catalog itself in an object stream, opening a web page: no forbidden name at all.
        let catalog = object_stream(
            "/Type /ObjStm",
            1,
            &["<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (https://tracker.example) >> >>"],
        );
        let objects = [catalog, obj("<< /Type /Pages /Kids [] /Count 0 >>")];
        assert_eq!(scan(&pdf(&objects, "")), Err(Refusal::AutoAction));
        let goto = object_stream("/Type /ObjStm", 6, &["[3 0 R /Fit]"]);
        assert_eq!(scan(&document("/OpenAction 6 0 R", "", &[goto])), Ok(()));
    }

    #[test]
    fn open_and_additional_actions_may_only_go_to_a_page() {
        assert_eq!(scan(&plain("/OpenAction [3 0 R /Fit]")), Ok(()));
        assert_eq!(scan(&plain("/OpenAction << /S /GoTo /D [3 0 R /Fit] >>")), Ok(()));
        assert_eq!(scan(&plain("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")), Err(Refusal::Script));
        assert_eq!(scan(&plain("/OpenAction << /S /URI /URI (https://tracker.example) >>")), Err(Refusal::AutoAction));
        assert_eq!(scan(&plain("/OpenAction << /S /Named /N /Print >>")), Err(Refusal::AutoAction));
        let chained = "/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /URI /URI (https://x.example) >> >>";
        assert_eq!(scan(&plain(chained)), Err(Refusal::AutoAction));
        assert_eq!(scan(&plain("/OpenAction 9 0 R")), Err(Refusal::AutoAction), "a reference to nothing");

        let by_reference = |action: &str| document("/OpenAction 5 0 R", "", &[obj(action)]);
        assert_eq!(scan(&by_reference("[3 0 R /XYZ null null 0]")), Ok(()));
        assert_eq!(
            scan(&by_reference("<< /S /GoToR /F (\\\\\\\\host\\\\share\\\\a.pdf) >>")),
            Err(Refusal::AutoAction)
        );

        assert_eq!(scan(&document("", "/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>", &[])), Ok(()));
        let on_open = document("", "/AA << /O << /S /URI /URI (https://tracker.example) >> >>", &[]);
        assert_eq!(scan(&on_open), Err(Refusal::AutoAction));
        let triggers = document("", "/AA 5 0 R", &[obj("<< /C << /S /Named /N /Print >> >>")]);
        assert_eq!(scan(&triggers), Err(Refusal::AutoAction));

        // A later revision of the same object counts as well.
        let mut updated = by_reference_to_goto();
        updated.extend(b"5 0 obj\n<< /S /URI /URI (https://tracker.example) >>\nendobj\n");
        assert_eq!(scan(&by_reference_to_goto()), Ok(()));
        assert_eq!(scan(&updated), Err(Refusal::AutoAction));
        // Where no object explains it, a key is refused rather than trusted.
        assert_eq!(scan(&plain("/Title (x) >> /OpenAction << /S /URI >> <<")), Err(Refusal::AutoAction));
    }

    fn by_reference_to_goto() -> Vec<u8> {
        document("/OpenAction 5 0 R", "", &[obj("[3 0 R /Fit]")])
    }

    #[test]
    fn objects_hidden_in_stream_data_are_read() {
        // Readers go wherever the cross-reference table points, also into a stream's data.
        let hiding = stream("/Subtype /Image", b"\xff\xd8 9 0 obj << /S /Launch /F (cmd.exe) >> endobj \xff\xd9");
        assert_eq!(scan(&document("", "", &[hiding])), Err(Refusal::Launch));
        // A length that ends before `endstream`: the data is not skipped.
        let short = b"<< /Length 4 >>\nstream\nAAAA /JS (app.alert(1))\nendstream".to_vec();
        assert_eq!(scan(&document("", "", &[short])), Err(Refusal::Script));
    }

    #[test]
    fn what_cannot_be_read_is_refused() {
        let lzw = stream("/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode", b"\x80\x0b\x60\x50");
        assert_eq!(scan(&document("", "", &[lzw])), Err(Refusal::Unreadable));
        let broken = stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", b"\x78\x9c\xff\xff\xff\xff");
        assert_eq!(scan(&document("", "", &[broken])), Err(Refusal::Unreadable));
        let predictor = object_stream("/Type /ObjStm /DecodeParms << /Predictor 12 /Columns 4 >>", 6, &["1"]);
        assert_eq!(scan(&document("", "", &[predictor])), Err(Refusal::Unreadable));
        let bomb =
            stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &zlib(&vec![b' '; MAX_INFLATED_BYTES + 1]));
        assert_eq!(scan(&document("", "", &[bomb])), Err(Refusal::Unreadable));
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 2), "]".repeat(MAX_DEPTH + 2));
        assert_eq!(scan(&document("", "", &[obj(&deep)])), Err(Refusal::Unreadable));
    }
}
