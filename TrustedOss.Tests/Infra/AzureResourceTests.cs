namespace TrustedOss.Tests.Infra;

/// <summary>The security baseline of the compiled deployment (main.bicep with its modules).</summary>
public sealed class AzureResourceTests
{
    private static async Task<ArmResource> OnlyAsync(string type) =>
        Assert.Single(ArmTemplate.OfType((await CompiledInfra.GetAsync()).Main, type));

    [Fact]
    public async Task The_Function_App_runs_the_container_on_Elastic_Premium_over_HTTPS_only_with_TLS_1_2()
    {
        var site = await OnlyAsync("Microsoft.Web/sites");
        var plan = await OnlyAsync("Microsoft.Web/serverfarms");

        Assert.True(site.Property("properties.httpsOnly")?.GetValue<bool>());
        Assert.Equal("1.2", site.Property("properties.siteConfig.minTlsVersion")?.ToString());
        Assert.Equal("1.2", site.Property("properties.siteConfig.scmMinTlsVersion")?.ToString());
        Assert.Equal("Disabled", site.Property("properties.siteConfig.ftpsState")?.ToString());
        Assert.Equal("functionapp,linux,container", site.Property("kind")?.ToString());
        Assert.StartsWith("[format('DOCKER|{0}'", site.Property("properties.siteConfig.linuxFxVersion")?.ToString());
        Assert.True(site.Property("properties.siteConfig.acrUseManagedIdentityCreds")?.GetValue<bool>());
        Assert.Equal("/health", site.Property("properties.siteConfig.healthCheckPath")?.ToString());
        Assert.Equal("ElasticPremium", plan.Property("sku.tier")?.ToString());
        Assert.True(plan.Property("properties.reserved")?.GetValue<bool>()); // Linux
    }

    [Fact]
    public async Task Storage_takes_HTTPS_only_with_TLS_1_2_and_never_public_blob_access()
    {
        var infra = await CompiledInfra.GetAsync();
        var account = await OnlyAsync("Microsoft.Storage/storageAccounts");

        Assert.True(account.Property("properties.supportsHttpsTrafficOnly")?.GetValue<bool>());
        Assert.Equal("TLS1_2", account.Property("properties.minimumTlsVersion")?.ToString());
        Assert.False(account.Property("properties.allowBlobPublicAccess")?.GetValue<bool>());
        Assert.All(ArmTemplate.OfType(infra.Main, "Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => Assert.Equal("None", c.Property("properties.publicAccess")?.ToString()));
    }

    [Fact]
    public async Task SignalR_Service_runs_in_Serverless_mode()
    {
        var signalR = await OnlyAsync("Microsoft.SignalRService/signalR");

        var features = signalR.Property("properties.features")!.AsArray();

        Assert.Contains(features, f => f?["flag"]?.ToString() == "ServiceMode" && f["value"]?.ToString() == "Serverless");
    }

    [Fact]
    public async Task PostgreSQL_requires_TLS_and_the_app_verifies_the_server_certificate()
    {
        var infra = await CompiledInfra.GetAsync();
        var configurations = ArmTemplate.OfType(infra.Main, "Microsoft.DBforPostgreSQL/flexibleServers/configurations");

        var requireTls = Assert.Single(configurations, c => c.Name.Contains("'require_secure_transport'", StringComparison.Ordinal));
        Assert.Equal("ON", requireTls.Property("properties.value")?.ToString());
        var minTls = Assert.Single(configurations, c => c.Name.Contains("'ssl_min_protocol_version'", StringComparison.Ordinal));
        Assert.Equal("TLSv1.2", minTls.Property("properties.value")?.ToString());
        var connection = ArmTemplate.Single(infra.Main, "Microsoft.KeyVault/vaults/secrets", "'postgres-connection-string'");
        Assert.EndsWith(";SSL Mode=VerifyFull', parameters('postgresFqdn'), parameters('postgresDatabase'), parameters('postgresLogin'), parameters('postgresPassword'))]",
            connection.Property("properties.value")?.ToString());
        Assert.Contains(ArmTemplate.OfType(infra.Main, "Microsoft.DBforPostgreSQL/flexibleServers/databases"), d => d.Module == "postgres");
    }

    [Fact]
    public async Task Key_Vault_authorizes_with_RBAC_and_keeps_deleted_secrets()
    {
        var vault = await OnlyAsync("Microsoft.KeyVault/vaults");

        Assert.True(vault.Property("properties.enableRbacAuthorization")?.GetValue<bool>());
        Assert.True(vault.Property("properties.enableSoftDelete")?.GetValue<bool>());
    }

    [Fact]
    public async Task The_identity_gets_exactly_the_data_roles_it_needs_and_nothing_broader()
    {
        var infra = await CompiledInfra.GetAsync();
        var assignments = ArmTemplate.OfType(infra.Main, "Microsoft.Authorization/roleAssignments");
        var storage = ArmTemplate.Single(infra.Main, "Microsoft.Resources/deployments", "storage");
        var dataRoles = storage.Property("properties.template.variables.dataRoles")!.AsObject().Select(r => r.Value!.ToString());
        var granted = assignments.SelectMany(a => Guids(a.Template, a.Property("properties.roleDefinitionId")?.ToString())).Concat(dataRoles).ToHashSet();

        string[] needed =
        [
            "ba92f5b4-2d11-453d-a403-e96b0029c9fe", // Storage Blob Data Contributor
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
            "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
            "7f951dda-4ed3-4680-a7ca-43fe172d538d", // AcrPull
        ];
        Assert.Equal(needed.Order(), granted.Order());
        Assert.All(assignments, a =>
        {
            Assert.Equal("ServicePrincipal", a.Property("properties.principalType")?.ToString());
            Assert.Equal("[parameters('identityPrincipalId')]", a.Property("properties.principalId")?.ToString());
        });
        Assert.All(new[] { "storage", "keyvault", "registry" }, module =>
            Assert.Contains("'identity'", ArmTemplate.Single(infra.Main, "Microsoft.Resources/deployments", module)
                .Property("properties.parameters.identityPrincipalId.value")?.ToString()));
    }

    /// <summary>The role ids an assignment names, directly or through the module's variables.</summary>
    private static IEnumerable<string> Guids(System.Text.Json.Nodes.JsonObject template, string? expression)
    {
        var guid = new System.Text.RegularExpressions.Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        foreach (System.Text.RegularExpressions.Match m in guid.Matches(expression ?? "")) yield return m.Value;
        var variable = System.Text.RegularExpressions.Regex.Match(expression ?? "", @"variables\('(\w+)'\)\)\]$");
        if (variable.Success && template["variables"]?[variable.Groups[1].Value] is System.Text.Json.Nodes.JsonValue v)
            yield return v.ToString();
    }
}
