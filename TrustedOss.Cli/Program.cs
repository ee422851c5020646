using TrustedOss.CommandLine;

// Ctrl-C (or a CI runner's SIGTERM) cancels the command's token: requests stop, and a triggered scan goes on server-side.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await CliApp.RunAsync(args, Console.Out, Console.Error, cancel.Token);
