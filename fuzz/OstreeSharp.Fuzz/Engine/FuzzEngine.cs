using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace OstreeSharp.Fuzz.Engine;

/// <summary>
/// Coverage-less mutational fuzzer: picks a corpus entry, stacks mutations, runs the target on a worker thread under
/// a watchdog, and classifies the outcome. Inputs the target accepts join the corpus (bounded), so mutations drift
/// towards deeper valid structure even without coverage feedback.
/// </summary>
public sealed class FuzzEngine
{
    private const int MaxCorpus = 4096;
    private const int MaxHangsPerRun = 3;

    private readonly FuzzTarget _target;
    private readonly FuzzOptions _options;
    private readonly SeedMaterial _material;
    private Worker _worker;

    public FuzzEngine(FuzzTarget target, SeedMaterial material, FuzzOptions options)
    {
        _target = target;
        _material = material;
        _options = options;
        _worker = new Worker(target);
    }

    /// <summary>Outcome of one input.</summary>
    public enum Outcome
    {
        Accepted,
        Rejected,
        Finding,
    }

    /// <summary>Fuzzes until the duration or execution budget runs out.</summary>
    public FuzzReport Run()
    {
        var report = new FuzzReport { Target = _target.Name };
        var findings = new Dictionary<string, Finding>(StringComparer.Ordinal);
        var rng = new Random(_options.Seed);
        var corpus = LoadSeeds();
        if (corpus.Count == 0)
        {
            corpus.Add([]);
        }

        var dictionary = Dictionaries.Common.Concat(_target.Dictionary(_material)).Where(w => w.Length > 0).ToList();
        var mutator = new Mutator(rng, dictionary, _target.MaxInputLength);
        var clock = Stopwatch.StartNew();
        int hangs = 0;

        // Every seed runs once unmutated first.
        int seedCount = corpus.Count;
        for (long i = 0; ; i++)
        {
            if ((clock.Elapsed >= _options.Duration && i >= _options.MinExecutions) || (_options.MaxExecutions is long max && i >= max))
            {
                break;
            }

            byte[] input = i < seedCount
                ? corpus[(int)i]
                : mutator.Mutate(corpus[rng.Next(corpus.Count)], corpus[rng.Next(corpus.Count)]);
            var (outcome, finding) = RunOne(input);
            report.Executions++;
            switch (outcome)
            {
                case Outcome.Accepted:
                    report.Accepted++;
                    if (i >= seedCount && rng.Next(4) == 0)
                    {
                        if (corpus.Count < MaxCorpus)
                        {
                            corpus.Add(input);
                        }
                        else
                        {
                            corpus[seedCount + rng.Next(corpus.Count - seedCount)] = input;
                        }
                    }

                    break;
                case Outcome.Rejected:
                    report.Rejected++;
                    break;
                default:
                    Record(findings, finding!);
                    if (finding!.Kind == "hang" && ++hangs >= MaxHangsPerRun)
                    {
                        _options.Log?.WriteLine($"{_target.Name}: {hangs} hangs, stopping this target");
                        goto done;
                    }

                    break;
            }

            if (_options.Log is { } log && report.Executions % 20000 == 0)
            {
                log.WriteLine($"  {_target.Name}: {report.Executions} execs, {clock.Elapsed.TotalSeconds:F0}s, findings {findings.Count}");
            }
        }

    done:
        report.Elapsed = clock.Elapsed;
        report.CorpusSize = corpus.Count;
        report.Findings.AddRange(findings.Values);
        foreach (var f in report.Findings)
        {
            Save(f);
        }

        return report;
    }

    /// <summary>Runs one input and classifies it (used by <c>--repro</c> and the main loop).</summary>
    public (Outcome Outcome, Finding? Finding) RunOne(byte[] input)
    {
        TimeSpan timeout = _options.Timeout ?? _target.Timeout;
        if (!_worker.TryRun(input, timeout, out Exception? error, out long allocated))
        {
            // The worker is stuck; abandon it (it is a background thread) and start a fresh one.
            _worker = new Worker(_target);
            return (Outcome.Finding, new Finding("hang", "hang", $"input did not finish within {timeout.TotalSeconds:F1}s", input));
        }

        if (error is null)
        {
            if (allocated > _options.MaxAllocatedBytesPerInput)
            {
                return (Outcome.Finding, new Finding("memory", "memory", $"input of {input.Length} bytes allocated {allocated} bytes", input));
            }

            return (Outcome.Accepted, null);
        }

        if (error is not FuzzInvariantException && _target.IsExpected(error))
        {
            if (allocated > _options.MaxAllocatedBytesPerInput)
            {
                return (Outcome.Finding, new Finding("memory", "memory", $"input of {input.Length} bytes allocated {allocated} bytes before being rejected", input));
            }

            return (Outcome.Rejected, null);
        }

        string kind = error is FuzzInvariantException ? "invariant" : "crash";
        return (Outcome.Finding, new Finding(kind, CrashKey(error), error.ToString(), input));
    }

    /// <summary>De-duplication key: innermost exception type and its top three frames.</summary>
    public static string CrashKey(Exception error)
    {
        var sb = new StringBuilder(error.GetType().FullName);
        if (error is FuzzInvariantException)
        {
            // Invariant messages name the invariant before the first colon.
            string m = error.Message;
            int colon = m.IndexOf(':', StringComparison.Ordinal);
            sb.Append('|').Append(colon > 0 ? m[..colon] : m);
        }

        var frames = new StackTrace(error, false).GetFrames();
        foreach (var frame in frames.Take(3))
        {
            var method = frame.GetMethod();
            sb.Append('|').Append(method?.DeclaringType?.FullName).Append('.').Append(method?.Name);
        }

        return sb.ToString();
    }

    private static void Record(Dictionary<string, Finding> findings, Finding finding)
    {
        if (findings.TryGetValue(finding.Key, out var existing))
        {
            existing.Hits++;
            if (finding.Input.Length < existing.Input.Length)
            {
                findings[finding.Key] = finding with { Hits = existing.Hits };
            }

            return;
        }

        findings.Add(finding.Key, finding);
    }

    private void Save(Finding finding)
    {
        if (_options.FindingsDirectory is null)
        {
            return;
        }

        string dir = Path.Combine(_options.FindingsDirectory, _target.Name);
        Directory.CreateDirectory(dir);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(finding.Key)))[..12];
        string bin = Path.Combine(dir, $"{finding.Kind}-{hash}.bin");
        File.WriteAllBytes(bin, finding.Input);
        finding.SavedPath = bin;
        var text = new StringBuilder()
            .AppendLine($"target:  {_target.Name}")
            .AppendLine($"kind:    {finding.Kind}")
            .AppendLine($"key:     {finding.Key}")
            .AppendLine($"hits:    {finding.Hits}")
            .AppendLine($"input:   {finding.Input.Length} bytes, hex {Convert.ToHexStringLower(finding.Input.AsSpan(0, Math.Min(finding.Input.Length, 4096)))}")
            .AppendLine($"repro:   dotnet run --project fuzz/OstreeSharp.Fuzz -c Release -- {_target.Name} --repro {Path.GetFullPath(bin)}")
            .AppendLine()
            .AppendLine(finding.Details);
        File.WriteAllText(Path.ChangeExtension(bin, ".txt"), text.ToString());
    }

    private List<byte[]> LoadSeeds()
    {
        var seeds = new List<byte[]>();
        seeds.AddRange(_target.Seeds(_material));
        foreach (string? dir in new[]
                 {
                     _options.CommittedSeedsDirectory is null ? null : Path.Combine(_options.CommittedSeedsDirectory, _target.Name),
                     _options.CorpusDirectory,
                 })
        {
            if (dir is not null && Directory.Exists(dir))
            {
                foreach (string file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
                {
                    seeds.Add(File.ReadAllBytes(file));
                }
            }
        }

        return seeds.Select(s => s.Length > _target.MaxInputLength ? s[.._target.MaxInputLength] : s).ToList();
    }

    /// <summary>A dedicated thread that runs inputs one at a time, so a hang can be detected and abandoned.</summary>
    private sealed class Worker
    {
        private readonly FuzzTarget _target;
        private readonly SemaphoreSlim _start = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private byte[] _input = [];
        private Exception? _error;
        private long _allocated;

        public Worker(FuzzTarget target)
        {
            _target = target;
            var thread = new Thread(Loop, 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz-worker" };
            thread.Start();
        }

        /// <remarks>The allocation figure is the worker thread's own (GC.GetAllocatedBytesForCurrentThread), so other
        /// threads of the process (a test runner, say) do not pollute it.</remarks>
        public bool TryRun(byte[] input, TimeSpan timeout, out Exception? error, out long allocated)
        {
            _input = input;
            _error = null;
            _start.Release();
            if (!_done.Wait(timeout))
            {
                error = null;
                allocated = 0;
                return false;
            }

            error = _error;
            allocated = _allocated;
            return true;
        }

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    _target.Execute(_input);
                }
                catch (Exception ex)
                {
                    _error = ex;
                }

                _allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                _done.Release();
            }
        }
    }
}
