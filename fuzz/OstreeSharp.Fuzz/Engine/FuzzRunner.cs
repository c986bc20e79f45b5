using OstreeSharp.Fuzz.Targets;

namespace OstreeSharp.Fuzz.Engine;

/// <summary>Runs targets end to end: seed material, setup, fuzzing, teardown. Used by the CLI and the tests.</summary>
public static class FuzzRunner
{
    /// <summary>Fuzzes each named target for <see cref="FuzzOptions.Duration"/> and returns the reports.</summary>
    public static IReadOnlyList<FuzzReport> Run(IEnumerable<string> targetNames, FuzzOptions options)
    {
        using var material = SeedFactory.Create(options.Log);
        return Run(targetNames, material, options);
    }

    /// <summary>Fuzzes each named target with already generated seed material.</summary>
    public static IReadOnlyList<FuzzReport> Run(IEnumerable<string> targetNames, SeedMaterial material, FuzzOptions options)
    {
        var reports = new List<FuzzReport>();
        foreach (string name in targetNames)
        {
            using var target = TargetCatalog.Create(name) ?? throw new ArgumentException($"Unknown target '{name}'.", nameof(targetNames));
            target.Setup(material);
            options.Log?.WriteLine($"== {name}: {target.Description}");
            var report = new FuzzEngine(target, material, options).Run();
            options.Log?.WriteLine(report);
            foreach (var f in report.Findings)
            {
                options.Log?.WriteLine($"  FINDING {f.Kind} x{f.Hits}: {f.Key}");
                if (f.SavedPath is not null)
                {
                    options.Log?.WriteLine($"    saved {f.SavedPath}");
                    options.Log?.WriteLine($"    repro: dotnet run --project fuzz/OstreeSharp.Fuzz -c Release -- {name} --repro {f.SavedPath}");
                }
            }

            reports.Add(report);
        }

        return reports;
    }

    /// <summary>Runs one saved input; returns the outcome and prints details.</summary>
    public static bool Reproduce(string targetName, string file, FuzzOptions options, TextWriter output)
    {
        using var material = SeedFactory.Create(options.Log);
        using var target = TargetCatalog.Create(targetName) ?? throw new ArgumentException($"Unknown target '{targetName}'.", nameof(targetName));
        target.Setup(material);
        var engine = new FuzzEngine(target, material, options);
        byte[] input = File.ReadAllBytes(file);
        var (outcome, finding) = engine.RunOne(input);
        output.WriteLine($"{targetName}: {input.Length} bytes -> {outcome}");
        if (finding is not null)
        {
            output.WriteLine($"{finding.Kind}: {finding.Key}");
            output.WriteLine(finding.Details);
            return false;
        }

        return true;
    }

    /// <summary>The repository root (the directory holding <c>OstreeSharp.sln</c>), searched upwards.</summary>
    public static string? FindRepositoryRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OstreeSharp.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
