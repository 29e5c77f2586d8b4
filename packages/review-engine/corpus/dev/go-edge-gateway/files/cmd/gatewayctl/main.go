// gatewayctl inspects a running gateway: routes, tenants, token checks.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", "http://localhost:8080", "gateway admin address")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Println("usage: gatewayctl [-addr URL] routes|health")
		os.Exit(2)
	}
	switch flag.Arg(0) {
	case "health":
		resp, err := http.Get(*addr + "/healthz")
		if err != nil {
			fmt.Fprintln(os.Stderr, "gateway unreachable:", err)
			os.Exit(1)
		}
		defer resp.Body.Close()
		fmt.Println(resp.Status)
	case "routes":
		resp, err := http.Get(*addr + "/admin/routes")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer resp.Body.Close()
		var routes map[string]string
		if err := json.NewDecoder(resp.Body).Decode(&routes); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for tenant, upstream := range routes {
			fmt.Printf("%-40s %s\n", tenant, upstream)
		}
	default:
		fmt.Println("unknown command:", flag.Arg(0))
		os.Exit(2)
	}
}
