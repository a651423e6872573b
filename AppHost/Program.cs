using SutazAI.AppHost;
using SutazAI.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddInfrastructure();
var apiKey = builder.AddBootstrapApiKey();

var orchestrator = builder.AddProject<Projects.SutazAI_Orchestrator>("orchestrator")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithInfrastructure(infrastructure, postgres: true, redis: true, rabbitmq: true);

builder.AddAgent<Projects.SutazAI_Agents_Analyst>("analyst", infrastructure);

builder.AddProject<Projects.SutazAI_Gateway>("gateway")
    .WithHttpEndpoint(port: builder.GatewayPort())
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithEnvironment("Gateway__BootstrapKey", apiKey)
    .WithReference(orchestrator)
    .WaitFor(orchestrator);

builder.Build().Run();
