import time


def main():
    while True:
        print("Hello world! The time is now: %s. Sleeping for 60 secs" % time.asctime())
        time.sleep(60)


if __name__ == "__main__":
    main()
