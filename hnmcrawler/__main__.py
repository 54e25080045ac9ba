from hnmcrawler.commands import main

main()
