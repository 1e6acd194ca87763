# Payload of the tutorial job: prints a greeting every few seconds.
import time


def main():
  for i in range(100):
    print("Hello world! (%d)" % i)
    time.sleep(10)


if __name__ == "__main__":
  main()
