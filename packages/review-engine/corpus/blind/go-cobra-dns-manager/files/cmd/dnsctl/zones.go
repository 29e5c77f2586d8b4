package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/zonekeeper/dnsctl/internal/zone"
)

var zonesCmd = &cobra.Command{
	Use:   "zones",
	Short: "List the managed zones and their record counts",
	RunE: func(cmd *cobra.Command, args []string) error {
		zones, err := zone.LoadAll(cfgPath)
		if err != nil {
			return err
		}
		for _, z := range zones {
			fmt.Println(z.Name, len(z.Records))
		}
		fmt.Printf("%d zones\n", len(zones))
		return nil
	},
}

var cfgPath string

func init() {
	zonesCmd.Flags().StringVar(&cfgPath, "config", "zones.yaml", "zones file")
	rootCmd.AddCommand(zonesCmd)
}
