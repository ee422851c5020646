namespace TrustedOss.Tests.Integration.SelfHost.Samples;

public sealed record GreetingRequest(string Name, string Punctuation);

public sealed record GreetingResult(string Greeting, string InstanceId);
