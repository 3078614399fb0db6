using System.CommandLine;
using Bayu.Cli.Infrastructure;

// Each feature folder contributes one command group; list them here explicitly.
var root = new RootCommand("Bayu — regional Internet + Healthcare platform command line (巴渝健康平台命令行)");

root.Subcommands.Add(Bayu.Cli.Import.ImportCommands.Build());
root.Subcommands.Add(Bayu.Cli.Demo.DemoCommands.Build());
root.Subcommands.Add(Bayu.Cli.Fhir.FhirCommands.Build());
root.Subcommands.Add(Bayu.Cli.FhirPath.FhirPathCommands.Build());
root.Subcommands.Add(Bayu.Cli.Surveillance.SurveillanceCommands.Build());
root.Subcommands.Add(Bayu.Cli.Crypto.CryptoCommands.Build());
root.Subcommands.Add(Bayu.Cli.Card.CardCommands.Build());
root.Subcommands.Add(Bayu.Cli.Ledger.LedgerCommands.Build());
root.Subcommands.Add(Bayu.Cli.Worker.WorkerCommands.Build());
return CliRunner.Run(root, args);
