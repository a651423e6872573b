using SutazAI.AppHost;
using SutazAI.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddInfrastructure();
var apiKey = builder.AddBootstrapApiKey();

var orchestrator = builder.AddProject<Projects.SutazAI_Orchestrator>("orchestrator")
    .WithHttpEndpoint()
    .WithInfrastructure(infrastructure, postgres: true, redis: true, rabbitmq: true);

builder.AddProject<Projects.SutazAI_Agents_Analyst>("agent-analyst")
    .WithHttpEndpoint()
    .WithInfrastructure(infrastructure, rabbitmq: true);

builder.AddProject<Projects.SutazAI_Gateway>("gateway")
    .WithHttpEndpoint(port: builder.GatewayPort())
    .WithExternalHttpEndpoints()
    .WithEnvironment("Gateway__BootstrapKey", apiKey)
    .WithReference(orchestrator)
    .WaitFor(orchestrator);

builder.Build().Run();
