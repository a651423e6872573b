using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SutazAI.Gateway.Data.Migrations
{
    /// <inheritdoc />
    public partial class Owners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ParentId",
                table: "api_keys",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "User",
                table: "api_keys",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // A key made by a key names it as its creator ("key:" + 32 hex digits); the person a chain acts for is
            // the creator at its root (a user, or the bootstrap identity).
            migrationBuilder.Sql("""
                UPDATE api_keys SET "ParentId" = CAST(substring("Owner" FROM 5) AS uuid) WHERE "Owner" ~ '^key:[0-9a-f]{32}$';
                WITH RECURSIVE chain AS (
                    SELECT "Id", "Owner" AS "Person" FROM api_keys WHERE "ParentId" IS NULL
                    UNION ALL
                    SELECT child."Id", chain."Person" FROM api_keys child JOIN chain ON child."ParentId" = chain."Id")
                UPDATE api_keys SET "User" = chain."Person" FROM chain WHERE api_keys."Id" = chain."Id";
                UPDATE api_keys SET "User" = "Owner" WHERE "User" = '';
                """);

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_ParentId",
                table: "api_keys",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_User",
                table: "api_keys",
                column: "User");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_api_keys_ParentId",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_User",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "ParentId",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "User",
                table: "api_keys");
        }
    }
}
