using TrustedOss.Functions.Hosting;
using TrustedOss.Functions.SelfHost;

// One assembly, two hosts (ARCHITECTURE §3): decided before any Functions builder exists, because
// that builder throws outside the Functions host.
if (args.FirstOrDefault() == SeedDemoCommand.Name) return await SeedDemoCommand.RunAsync(args[1..]);
if (FunctionsHostDetection.LaunchedByFunctionsHost(args))
{
    FunctionsHostApp.Run(args);
    return 0;
}
await SelfHostApp.RunAsync(args);
return 0;
