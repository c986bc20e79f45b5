using System.Globalization;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Fuzz.Targets;

// Usage:
//   OstreeSharp.Fuzz list
//   OstreeSharp.Fuzz TARGET [--seconds N] [--seed S] [--corpus DIR] [--repro FILE] [--max-execs N] [--findings DIR]
//   OstreeSharp.Fuzz all [--seconds N] [--seed S]
//   OstreeSharp.Fuzz make-seeds DIR       (writes a small seed corpus from real-ostree objects)
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: OstreeSharp.Fuzz list | all [--seconds N] [--seed S] | TARGET [--seconds N] [--seed S] [--corpus DIR] [--repro FILE] | make-seeds DIR");
    return args.Length == 0 ? 2 : 0;
}

string command = args[0];
if (command == "list")
{
    foreach (var t in TargetCatalog.CreateAll())
    {
        Console.WriteLine($"{t.Name,-14} {t.Description}");
    }

    return 0;
}

double seconds = 10;
int seed = Environment.TickCount & 0x7fffffff;
string? corpus = null;
string? repro = null;
long? maxExecs = null;
string? root = FuzzRunner.FindRepositoryRoot() ?? FuzzRunner.FindRepositoryRoot(Environment.CurrentDirectory);
string findings = Path.Combine(root ?? Environment.CurrentDirectory, "fuzz", "findings");
for (int i = command == "make-seeds" ? 2 : 1; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--corpus": corpus = Next(); break;
        case "--repro": repro = Next(); break;
        case "--max-execs": maxExecs = long.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--findings": findings = Next(); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

if (command == "make-seeds")
{
    if (args.Length < 2)
    {
        Console.Error.WriteLine("make-seeds needs a directory");
        return 2;
    }

    using var material = SeedFactory.Create(Console.Out);
    foreach (var t in TargetCatalog.CreateAll())
    {
        string dir = Path.Combine(args[1], t.Name);
        Directory.CreateDirectory(dir);
        int n = 0;
        foreach (byte[] s in t.Seeds(material).Where(s => s.Length <= 2048).DistinctBy(Convert.ToHexString).Take(4))
        {
            File.WriteAllBytes(Path.Combine(dir, $"seed-{n++}"), s);
        }

        Console.WriteLine($"{t.Name}: {n} seeds");
    }

    return 0;
}

var options = new FuzzOptions
{
    Duration = TimeSpan.FromSeconds(seconds),
    Seed = seed,
    CorpusDirectory = corpus,
    CommittedSeedsDirectory = root is null ? null : Path.Combine(root, "fuzz", "OstreeSharp.Fuzz", "seeds"),
    FindingsDirectory = findings,
    MaxExecutions = maxExecs,
    Log = Console.Out,
};

if (repro is not null)
{
    return FuzzRunner.Reproduce(command, repro, options, Console.Out) ? 0 : 1;
}

IReadOnlyList<string> names = command == "all" ? TargetCatalog.Names : [command];
if (command != "all" && !TargetCatalog.Names.Contains(command))
{
    Console.Error.WriteLine($"unknown target '{command}'; try 'list'");
    return 2;
}

Console.WriteLine($"seed {seed}, {seconds}s per target, findings in {findings}");
var reports = FuzzRunner.Run(names, options);
Console.WriteLine();
foreach (var r in reports)
{
    Console.WriteLine(r);
}

int total = reports.Sum(r => r.Findings.Count);
Console.WriteLine(total == 0 ? "no findings" : $"{total} finding(s)");
return total == 0 ? 0 : 1;
