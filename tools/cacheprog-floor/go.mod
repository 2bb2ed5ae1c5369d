module gonx.example/tools/cacheprog-floor

go 1.24
