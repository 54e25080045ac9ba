from hnmcrawler.cli import main

main()
