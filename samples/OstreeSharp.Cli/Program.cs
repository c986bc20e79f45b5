using OstreeSharp.Cli;

return await CliApplication.RunAsync(args, CliConsole.CreateSystem()).ConfigureAwait(false);
