using System.Globalization;

namespace OstreeSharp.Maintenance;

/// <summary>One run of the <see cref="DateExpression"/> grammar over a token list.</summary>
internal sealed class DateExpressionParser(List<DateToken> tokens, DateTimeOffset now, TimeZoneInfo zone)
{
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    private static readonly string[] Ordinals =
        ["first", "", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];

    private static readonly Dictionary<string, int> ZoneMinutes = new(StringComparer.Ordinal)
    {
        ["z"] = 0, ["utc"] = 0, ["ut"] = 0, ["gmt"] = 0, ["wet"] = 0, ["west"] = 60, ["bst"] = 60,
        ["cet"] = 60, ["cest"] = 120, ["met"] = 60, ["mest"] = 120, ["eet"] = 120, ["eest"] = 180,
        ["est"] = -300, ["edt"] = -240, ["cst"] = -360, ["cdt"] = -300, ["mst"] = -420, ["mdt"] = -360,
        ["pst"] = -480, ["pdt"] = -420, ["akst"] = -540, ["akdt"] = -480, ["hst"] = -600,
        ["jst"] = 540, ["ist"] = 330,
    };

    private int _pos;
    private int? _year, _month, _day;
    private int? _hour, _minute;
    private long _secondTicks;
    private bool _timeJustParsed;
    private int? _offsetMinutes;
    private int? _weekday;
    private long _weekdayOrdinal;
    private long _relYears, _relMonths, _relDays, _relSeconds;
    private bool _relative;
    // The last relative item, for "ago": which field and by how much.
    private char _lastUnit;
    private long _lastAmount;

    public bool Run(out DateTimeOffset result)
    {
        result = default;
        if (tokens.Count > 0 && tokens[0].IsSymbol('@'))
            return Epoch(out result);
        while (_pos < tokens.Count)
        {
            bool wasTime = _timeJustParsed;
            if (!Item())
                return false;
            if (wasTime)
                _timeJustParsed = false;
        }
        return Compose(out result);
    }

    private DateToken? Peek(int ahead = 0) => _pos + ahead < tokens.Count ? tokens[_pos + ahead] : null;

    private bool PeekSymbol(char c, int ahead = 0) => Peek(ahead) is { } t && t.IsSymbol(c);

    private bool PeekNumber(int ahead = 0) => Peek(ahead) is { Kind: DateTokenKind.Number };

    private bool Epoch(out DateTimeOffset result)
    {
        result = default;
        int i = 1;
        int sign = 1;
        if (i < tokens.Count && (tokens[i].IsSymbol('-') || tokens[i].IsSymbol('+')))
            sign = tokens[i++].IsSymbol('-') ? -1 : 1;
        if (i >= tokens.Count || tokens[i].Kind != DateTokenKind.Number || tokens[i].SpaceBefore)
            return false;
        long seconds = long.Parse(tokens[i++].Text, CultureInfo.InvariantCulture);
        long ticks = 0;
        if (i < tokens.Count && (tokens[i].IsSymbol('.') || tokens[i].IsSymbol(',')))
        {
            if (i + 1 >= tokens.Count || tokens[i + 1].Kind != DateTokenKind.Number)
                return false;
            ticks = FractionTicks(tokens[i + 1].Text);
            i += 2;
        }
        if (i != tokens.Count)
            return false;
        // The instant is exact; callers that keep whole seconds round down (-1.5 is -2).
        result = DateTimeOffset.UnixEpoch.AddTicks(sign * checked((seconds * TimeSpan.TicksPerSecond) + ticks));
        return true;
    }

    private static long FractionTicks(string digits)
    {
        string d = (digits.Length > 7 ? digits[..7] : digits).PadRight(7, '0');
        return long.Parse(d, CultureInfo.InvariantCulture);
    }

    private bool Item()
    {
        var t = tokens[_pos];
        if (!t.IsWord("ago"))
            _lastUnit = '\0';
        switch (t.Kind)
        {
            case DateTokenKind.Number:
                return NumberItem();
            case DateTokenKind.Word:
                return WordItem();
        }
        if (t.IsSymbol('+') || t.IsSymbol('-'))
            return SignedItem();
        return false;
    }

    private bool SignedItem()
    {
        int sign = tokens[_pos].IsSymbol('-') ? -1 : 1;
        if (!PeekNumber(1))
            return false;
        if (_timeJustParsed && _offsetMinutes is null)
        {
            _pos++;
            return Offset(sign, baseMinutes: 0);
        }
        _pos++;
        long count = sign * long.Parse(tokens[_pos++].Text, CultureInfo.InvariantCulture);
        return RelativeUnit(count);
    }

    // "+5", "+05", "+0530", "+05:30", "+180" (1 h 80 min): the number after the sign is at _pos.
    private bool Offset(int sign, int baseMinutes)
    {
        string digits = tokens[_pos++].Text;
        int minutes;
        if (PeekSymbol(':') && PeekNumber(1))
        {
            if (digits.Length > 2)
                return false;
            int mm = int.Parse(tokens[_pos + 1].Text, CultureInfo.InvariantCulture);
            _pos += 2;
            minutes = (int.Parse(digits, CultureInfo.InvariantCulture) * 60) + mm;
        }
        else if (digits.Length <= 2)
        {
            minutes = int.Parse(digits, CultureInfo.InvariantCulture) * 60;
        }
        else if (digits.Length <= 4)
        {
            int n = int.Parse(digits, CultureInfo.InvariantCulture);
            minutes = (n / 100 * 60) + (n % 100);
        }
        else
        {
            return false;
        }
        if (minutes > 24 * 60)
            return false;
        _offsetMinutes = baseMinutes + (sign * minutes);
        return true;
    }

    private bool NumberItem()
    {
        var t = tokens[_pos];
        string digits = t.Text;
        // Time: H:MM[:SS[.frac]]
        if (PeekSymbol(':', 1) && PeekNumber(2) && !tokens[_pos + 1].SpaceBefore)
            return TimeItem();
        // ISO date: Y-M-D (also YY-M-D), and D-Mon[-Y].
        if (PeekSymbol('-', 1) && !tokens[_pos + 1].SpaceBefore && Peek(2) is { SpaceBefore: false } second)
        {
            if (second.Kind == DateTokenKind.Number && PeekSymbol('-', 3) && PeekNumber(4))
            {
                if (!SetDate(Int(digits), Int(second.Text), Int(tokens[_pos + 4].Text), digits.Length))
                    return false;
                _pos += 5;
                return IsoTimeSeparator();
            }
            if (second.Kind == DateTokenKind.Word && MonthIndex(second.Text) is int m)
            {
                _pos += 3;
                int? year = null;
                int yearDigits = 0;
                if (PeekSymbol('-') && PeekNumber(1))
                {
                    yearDigits = tokens[_pos + 1].Text.Length;
                    year = Int(tokens[_pos + 1].Text);
                    _pos += 2;
                }
                return SetDate(year, m, Int(digits), yearDigits);
            }
        }
        // M/D[/Y] or Y/M/D
        if (PeekSymbol('/', 1) && PeekNumber(2))
        {
            int a = Int(digits), b = Int(tokens[_pos + 2].Text);
            if (PeekSymbol('/', 3) && PeekNumber(4))
            {
                string c = tokens[_pos + 4].Text;
                _pos += 5;
                return digits.Length >= 3 ? SetDate(a, b, Int(c), digits.Length) : SetDate(Int(c), a, b, c.Length);
            }
            _pos += 3;
            return SetDate(null, a, b, 0);
        }
        // "2 Jan [2024]"
        if (Peek(1) is { Kind: DateTokenKind.Word } w && MonthIndex(w.Text) is int month)
        {
            _pos += 2;
            int? year = null;
            int yd = 0;
            // "31 dec 2020", "15 Dec 31", "31 dec 2020 fortnight": any number joined to the month is its year.
            if (PeekNumber() && !PeekSymbol(':', 1) && !(Peek(1) is { Kind: DateTokenKind.Word, Text: "am" or "pm" }))
            {
                yd = tokens[_pos].Text.Length;
                year = Int(tokens[_pos++].Text);
            }
            return SetDate(year, month, Int(digits), yd);
        }
        // "3pm", "3 a.m."
        if (Peek(1) is { Kind: DateTokenKind.Word } ampm && ampm.Text is "am" or "pm")
        {
            if (_hour is not null || digits.Length > 2)
                return false;
            _pos += 2;
            _hour = Int(digits);
            _minute = 0;
            _secondTicks = 0;
            return Meridian(ampm.Text == "pm");
        }
        // "N unit [ago]" / "N monday"
        if (Peek(1) is { Kind: DateTokenKind.Word } unit && (UnitOf(unit.Text) is not null || DayIndex(unit.Text) is not null))
        {
            _pos++;
            return RelativeOrDay(long.Parse(digits, CultureInfo.InvariantCulture));
        }
        _pos++;
        bool haveDate = _year is not null || _month is not null;
        // After a date without a year and before any relative item: a year if it has 3+ digits or the time is known
        // ("12/25 1999", "12/25 03:04 15"); otherwise a time ("12/25 15", "tomorrow 12/25 2023" is 20:23).
        if (haveDate && _year is null && !_relative && (digits.Length > 2 || _hour is not null))
        {
            int y = Int(digits);
            if (digits.Length <= 2)
                y += y < 69 ? 2000 : 1900;
            if (y < 1 || y > 9999 || _day > DateTime.DaysInMonth(y, _month!.Value))
                return false;
            _year = y;
            return true;
        }
        if (haveDate && _hour is null && digits.Length > 2)
            return HourMinute(digits);
        if (digits.Length > 4)
        {
            if (haveDate)
                return false;
            int n = digits.Length;
            if (!SetDate(long.Parse(digits[..(n - 4)], CultureInfo.InvariantCulture) is long y and <= 9999 ? (int)y : -1,
                    Int(digits[(n - 4)..(n - 2)]), Int(digits[(n - 2)..]), n - 4))
                return false;
            return true;
        }
        if (_hour is null)
            return HourMinute(digits);
        return false;
    }

    // "2024-01-02T03:04:05": a T joined to both the date and the time.
    private bool IsoTimeSeparator()
    {
        if (Peek() is { Kind: DateTokenKind.Word, Text: "t", SpaceBefore: false } && Peek(1) is { Kind: DateTokenKind.Number, SpaceBefore: false }
            && PeekSymbol(':', 2))
        {
            _pos++;
            return TimeItem();
        }
        return true;
    }

    private bool HourMinute(string digits)
    {
        int n = Int(digits);
        int hour = digits.Length <= 2 ? n : n / 100;
        int minute = digits.Length <= 2 ? 0 : n % 100;
        if (hour > 23 || minute > 59)
            return false;
        _hour = hour;
        _minute = minute;
        _secondTicks = 0;
        if (Peek() is { Kind: DateTokenKind.Word, Text: "am" or "pm" } mer)
        {
            _pos++;
            return Meridian(mer.Text == "pm");
        }
        // A bare hour ("15 +0100") takes an offset; HHMM does not.
        _timeJustParsed = digits.Length <= 2;
        return true;
    }

    private bool TimeItem()
    {
        if (_hour is not null)
            return false;
        int hour = Int(tokens[_pos].Text);
        int minute = Int(tokens[_pos + 2].Text);
        _pos += 3;
        long secondTicks = 0;
        if (PeekSymbol(':') && PeekNumber(1) && !tokens[_pos].SpaceBefore)
        {
            int second = Int(tokens[_pos + 1].Text);
            if (second > 59)
                return false;
            secondTicks = second * TimeSpan.TicksPerSecond;
            _pos += 2;
            if ((PeekSymbol('.') || PeekSymbol(',')) && PeekNumber(1) && !tokens[_pos].SpaceBefore)
            {
                secondTicks += FractionTicks(tokens[_pos + 1].Text);
                _pos += 2;
            }
        }
        if (hour > 23 || minute > 59)
            return false;
        _hour = hour;
        _minute = minute;
        _secondTicks = secondTicks;
        if (Peek() is { Kind: DateTokenKind.Word, Text: "am" or "pm" } mer)
        {
            _pos++;
            return Meridian(mer.Text == "pm");
        }
        // Only a plain H:MM[:SS] takes a following signed number as its UTC offset.
        _timeJustParsed = true;
        return true;
    }

    private bool Meridian(bool pm)
    {
        if (_hour is not int h || h is 0 or > 12)
            return false;
        _hour = (h % 12) + (pm ? 12 : 0);
        return true;
    }

    private bool WordItem()
    {
        string w = tokens[_pos].Text;
        if (ZoneMinutes.TryGetValue(w, out int zoneMinutes))
        {
            if (_offsetMinutes is not null)
                return false;
            _pos++;
            _offsetMinutes = zoneMinutes;
            // "UTC+2", "GMT -0300"; but "UTC -3 min" is a relative item.
            if ((PeekSymbol('+') || PeekSymbol('-')) && PeekNumber(1) && !(Peek(2) is { Kind: DateTokenKind.Word } u && UnitOf(u.Text) is not null))
            {
                int sign = tokens[_pos].IsSymbol('-') ? -1 : 1;
                _pos++;
                return Offset(sign, zoneMinutes);
            }
            return true;
        }
        switch (w)
        {
            case "now":
            case "today":
                _pos++;
                _relative = true;
                return true;
            case "yesterday":
                _pos++;
                return AddRelative('d', -1);
            case "tomorrow":
                _pos++;
                return AddRelative('d', 1);
            case "ago":
                if (_lastUnit == '\0')
                    return false;
                _pos++;
                AddRelative(_lastUnit, checked(-2 * _lastAmount));
                _lastUnit = '\0';
                return true;
            case "last":
                _pos++;
                return RelativeOrDay(-1);
            case "this":
                _pos++;
                return RelativeOrDay(0);
            case "next":
                _pos++;
                return RelativeOrDay(1);
        }
        int ordinal = Array.IndexOf(Ordinals, w);
        if (ordinal >= 0 && w.Length > 0)
        {
            _pos++;
            return RelativeOrDay(ordinal + 1);
        }
        if (MonthIndex(w) is int month)
            return MonthFirst(month);
        if (w is "am" or "pm")
            return false;
        if (DayIndex(w) is not null)
            return RelativeOrDay(0, implicitOrdinal: true);
        if (UnitOf(w) is not null)
            return RelativeOrDay(1);
        return false;
    }

    // "Jan 2 [,] [2024]", "Jan-10-2024"
    private bool MonthFirst(int month)
    {
        _pos++;
        if (PeekSymbol('-') && PeekNumber(1) && PeekSymbol('-', 2) && PeekNumber(3))
        {
            string y = tokens[_pos + 3].Text;
            bool ok = SetDate(Int(y), month, Int(tokens[_pos + 1].Text), y.Length);
            _pos += 4;
            return ok;
        }
        if (!PeekNumber() || PeekSymbol(':', 1))
            return false;
        int day = Int(tokens[_pos++].Text);
        int? year = null;
        int yd = 0;
        int save = _pos;
        if (PeekSymbol(','))
            _pos++;
        if (IsYearAfterMonthDay())
        {
            yd = tokens[_pos].Text.Length;
            year = Int(tokens[_pos++].Text);
        }
        else
        {
            _pos = save;
        }
        return SetDate(year, month, day, yd);
    }

    // "Dec 31 1999": a number of 3+ digits, unless a relative item came first ("now Dec 31 1999" reads 19:99).
    private bool IsYearAfterMonthDay() =>
        !_relative && PeekNumber() && tokens[_pos].Text.Length > 2 && !PeekSymbol(':', 1)
        && !(Peek(1) is { Kind: DateTokenKind.Word } u && (UnitOf(u.Text) is not null || u.Text is "am" or "pm"));

    // At _pos: a unit or a day name (optionally preceded by nothing else), scaled by count.
    private bool RelativeOrDay(long count, bool implicitOrdinal = false)
    {
        if (Peek() is not { Kind: DateTokenKind.Word } t)
            return false;
        if (DayIndex(t.Text) is int day)
        {
            if (_weekday is not null)
                return false;
            _pos++;
            if (implicitOrdinal && PeekSymbol(','))
                _pos++;
            _weekday = day;
            _weekdayOrdinal = implicitOrdinal ? 0 : count;
            return true;
        }
        return RelativeUnit(count);
    }

    private bool RelativeUnit(long count)
    {
        if (Peek() is not { Kind: DateTokenKind.Word } t || UnitOf(t.Text) is not (char unit, long scale))
            return false;
        _pos++;
        AddRelative(unit, checked(count * scale));
        _lastUnit = unit;
        _lastAmount = count * scale;
        return true;
    }

    private bool AddRelative(char unit, long amount)
    {
        _relative = true;
        switch (unit)
        {
            case 'y': _relYears = checked(_relYears + amount); break;
            case 'm': _relMonths = checked(_relMonths + amount); break;
            case 'd': _relDays = checked(_relDays + amount); break;
            default: _relSeconds = checked(_relSeconds + amount); break;
        }
        return true;
    }

    private static (char Unit, long Scale)? UnitOf(string w)
    {
        string s = w.Length > 3 && w.EndsWith('s') ? w[..^1] : w;
        return s switch
        {
            "year" => ('y', 1),
            "month" => ('m', 1),
            "fortnight" => ('d', 14),
            "week" => ('d', 7),
            "day" => ('d', 1),
            "hour" => ('s', 3600),
            "minute" or "min" => ('s', 60),
            "second" or "sec" => ('s', 1),
            _ => null,
        };
    }

    private static int? DayIndex(string w)
    {
        for (int i = 0; i < DayNames.Length; i++)
        {
            if (DayNames[i] == w || (w.Length == 3 && DayNames[i].StartsWith(w, StringComparison.Ordinal)))
                return i;
        }
        return w switch
        {
            "tues" => 2,
            "wednes" => 3,
            "thur" or "thurs" => 4,
            _ => null,
        };
    }

    private static int? MonthIndex(string w)
    {
        if (w.Length < 3)
            return null;
        for (int i = 0; i < MonthNames.Length; i++)
        {
            if (MonthNames[i] == w || (w.Length == 3 && MonthNames[i].StartsWith(w, StringComparison.Ordinal)))
                return i + 1;
        }
        return w == "sept" ? 9 : null;
    }

    private static int Int(string digits) =>
        digits.Length > 9 ? int.MaxValue : int.Parse(digits, CultureInfo.InvariantCulture);

    private bool SetDate(int? year, int month, int day, int yearDigits)
    {
        if (_year is not null || _month is not null)
            return false;
        if (year is < 0)
            return false;
        if (year is int y && yearDigits <= 2)
            year = y + (y < 69 ? 2000 : 1900);
        if (month is < 1 or > 12 || day < 1 || day > 31)
            return false;
        if (year is int full && (full < 1 || full > 9999 || day > DateTime.DaysInMonth(full, month)))
            return false;
        _year = year;
        _month = month;
        _day = day;
        return true;
    }

    private bool Compose(out DateTimeOffset result)
    {
        result = default;
        DateTime localNow = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        bool haveDate = _month is not null;
        int year = _year ?? localNow.Year, month = _month ?? localNow.Month, day = _day ?? localNow.Day;
        if (day > DateTime.DaysInMonth(year, month))
            return false;
        var date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        // A day name moves the date only when no calendar date is given ("2024-01-02 monday" stays a Tuesday).
        if (_weekday is int wd && !haveDate)
        {
            int cur = (int)date.DayOfWeek;
            int forward = (wd - cur + 7) % 7;
            long shift = _weekdayOrdinal > 0 ? forward + (7 * (_weekdayOrdinal - (cur != wd ? 1 : 0))) : forward + (7 * _weekdayOrdinal);
            date = date.AddDays(shift);
        }
        bool timeFromNow = _hour is null && !haveDate && _weekday is null && _relative;
        TimeSpan timeOfDay = _hour is int h
            ? new TimeSpan(h, _minute ?? 0, 0) + TimeSpan.FromTicks(_secondTicks)
            : timeFromNow ? localNow.TimeOfDay : TimeSpan.Zero;
        // Years and months move the calendar fields; an overflowing day rolls over into the next month.
        long monthIndex = checked((date.Year * 12L) + (date.Month - 1) + (_relYears * 12) + _relMonths);
        if (monthIndex < 12 || monthIndex >= 12 * 10000L)
            return false;
        var firstOfMonth = new DateTime((int)(monthIndex / 12), (int)(monthIndex % 12) + 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        DateTime wall = firstOfMonth.AddDays(date.Day - 1 + _relDays) + timeOfDay;
        TimeSpan offset;
        if (_offsetMinutes is int minutes)
        {
            offset = TimeSpan.FromMinutes(minutes);
        }
        else if (timeFromNow)
        {
            offset = zone.GetUtcOffset(now);
        }
        else
        {
            if (zone.IsInvalidTime(wall))
                return false;
            offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        }
        var instant = new DateTimeOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified) - offset, TimeSpan.Zero);
        result = instant.AddSeconds(_relSeconds);
        return true;
    }
}
